using Rag.Core.Answering;
using Rag.Core.Retrieval;

namespace Rag.Core.Tests.Answering;

public class RelevanceDecisionTests
{
    private static readonly RelevanceDecision Decision = new(0.5);

    private static RetrievedChunk Source(string text) => new(Guid.NewGuid(), Guid.NewGuid(), "doc.md", 1, 0, text.Length, text, 1f);

    private static Relevance Assess(string question, string source, double? similarity = null, IReadOnlyList<string>? unknownTopic = null)
    {
        var terms = new QuestionTerms(question);
        RetrievedChunk[] sources = [Source(source)];
        var candidates = AnswerCandidates.All(terms, sources, AnswerCandidates.IsCjk(question));
        return Decision.Assess(terms, sources, [.. candidates.Select(c => similarity is null ? c : c with { Similarity = similarity })], unknownTopic: unknownTopic);
    }

    [Fact]
    public void A_question_whose_topic_the_collection_never_mentions_fails_whatever_the_similarity()
    {
        const string question = "What is the capital of Australia?";
        const string source = "During 2017 a large outbreak was observed in the South-West Region of Australia.";
        Assert.Equal(["capital"], new QuestionTerms(question).TopicWords);
        Assert.True(Assess(question, source, similarity: 0.8).Passes, "the score alone lets it through");

        var relevance = Assess(question, source, similarity: 0.8, unknownTopic: ["capital"]);

        Assert.False(relevance.Passes);
        Assert.Equal(0, relevance.Score);
        Assert.Equal(["capital"], relevance.UnknownTerms);
    }

    [Fact]
    public void One_unknown_word_of_several_does_not_decide_alone()
    {
        const string question = "How quickly should a patient with suspected TIA be assessed?";
        var relevance = Assess(question, "People with suspected TIA should be assessed by a specialist within 24 hours.", similarity: 0.8, unknownTopic: ["quickly"]);

        Assert.True(relevance.Passes);
        Assert.Equal(["quickly"], relevance.UnknownTerms);
    }

    [Fact]
    public void A_source_that_states_the_answer_passes()
    {
        var relevance = Assess("What is the maximum operating pressure of the P-200 pump?", "The maximum operating pressure of the P-200 pump is 12 bar.");
        Assert.True(relevance.Passes);
        Assert.Empty(relevance.MissingTerms);
    }

    [Fact]
    public void A_source_lacking_the_names_of_the_question_fails_and_says_which()
    {
        var relevance = Assess("When did Michelangelo paint the Sistine Chapel ceiling?", "The ceiling of the meeting room was painted in 2019.");
        Assert.False(relevance.Passes);
        Assert.Equal(["chapel", "michelangelo", "sistine"], relevance.MissingTerms.Order());
    }

    [Fact]
    public void A_negated_question_fails_on_a_source_that_only_states_what_is()
    {
        const string source = "The P-200 pump was tested in 2019 and in 2021.";
        Assert.True(Assess("In which year was the P-200 pump tested?", source).Passes);
        var negated = Assess("In which year was the P-200 pump not tested?", source);
        Assert.True(negated.UnmatchedNegation);
        Assert.False(negated.Passes);
    }

    [Fact]
    public void With_the_encoder_a_dissimilar_source_fails_where_a_similar_one_passes()
    {
        const string question = "What is the capital of Australia?";
        const string source = "We surveyed the spam filters of 40 companies in Australia and New Zealand.";
        Assert.False(Assess(question, source, similarity: 0.55).Passes);
        Assert.True(Assess(question, "Canberra is the capital of Australia.", similarity: 0.85).Passes);
    }

    [Fact]
    public void Chinese_questions_are_judged_on_character_bigrams()
    {
        Assert.True(Assess("知识库是什么？", "知识库是一个存储和检索文档的系统。").Passes);
        Assert.False(Assess("澳大利亚的首都在哪里？", "知识库是一个存储和检索文档的系统。").Passes);
    }

    [Fact]
    public void A_when_question_over_a_source_without_any_date_is_flagged_but_not_declined_for_that_alone()
    {
        const string question = "When was the Acme pump company founded?";
        var undated = Assess(question, "The Acme pump company was founded by two engineers from Oslo.", similarity: 0.75);
        Assert.True(undated.AnswerTypeMissing);
        var dated = Assess(question, "The Acme pump company was founded in 1998 by two engineers from Oslo.", similarity: 0.75);
        Assert.False(dated.AnswerTypeMissing);
        Assert.True(dated.Passes);

        // A time of day is no date, yet it answers: the flag must not turn such answers away.
        var opening = Assess("When does the office open?", "The office opens at nine and closes at five.", similarity: 0.75);
        Assert.True(opening.Passes);
    }

    [Fact]
    public void Names_of_the_question_outside_the_best_sentence_are_counted()
    {
        const string source = "The P-200 pump was designed in Oslo. Maintenance is done every spring. Bergen hosts the yearly trade fair.";
        var relevance = Assess("Was the P-200 pump shown at the Bergen trade fair?", source);
        Assert.Empty(relevance.MissingTerms);
        Assert.True(relevance.NamesOutsideSentence >= 1);
    }
}
