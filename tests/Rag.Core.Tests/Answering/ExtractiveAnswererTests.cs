using Rag.Core.Answering;
using Rag.Core.Retrieval;

namespace Rag.Core.Tests.Answering;

public class ExtractiveAnswererTests
{
    private static RetrievedChunk Source(string file, int page, string text) =>
        new(Guid.NewGuid(), Guid.NewGuid(), file, page, 0, text.Length, text, 1f);

    /// <summary>Keyword evidence only, as when no encoder runs.</summary>
    private static GroundedAnswer Answer(string question, params RetrievedChunk[] sources)
    {
        var terms = new QuestionTerms(question);
        return new ExtractiveAnswerer().Answer(terms, AnswerCandidates.All(terms, sources, AnswerCandidates.IsCjk(question)), sources);
    }

    [Fact]
    public void Answers_with_the_supporting_sentence_cited_by_source_number_and_page()
    {
        var answer = Answer("What is the maximum operating pressure of the pump?",
            Source("weather.txt", 1, "It rained on Monday. The sky was grey."),
            Source("pumps.pdf", 7, "Pumps need service yearly. The maximum operating pressure of the pump is 12 bar. Keep it dry."));

        Assert.True(answer.Grounded);
        Assert.Contains("12 bar. [2]", answer.Text);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal((2, "pumps.pdf", 7), (citation.N, citation.FileName, citation.Page));
        Assert.Contains("12 bar", citation.Quote);
        Assert.DoesNotContain("rained", answer.Text);
    }

    [Fact]
    public void Answers_chinese_questions()
    {
        var answer = Answer("知识库可以做什么？", Source("zh.pdf", 2, "天气很好。知识库可以存储文档并回答问题。"));

        Assert.True(answer.Grounded);
        Assert.Contains("知识库可以存储文档并回答问题。 [1]", answer.Text);
    }

    [Fact]
    public void A_heading_is_not_the_answer_but_the_sentence_under_it_is()
    {
        var answer = Answer("How often is the on-call rotation?",
            Source("handbook.md", 1, "Team handbook\n\nOn-call rotation\n\nEach engineer is on call for one week at a time, every six weeks."),
            Source("handbook.md", 2, "On-call rotation\n\nSee the schedule."));

        Assert.True(answer.Grounded);
        Assert.Contains("one week at a time, every six weeks. [1]", answer.Text);
        Assert.DoesNotContain("On-call rotation [", answer.Text);
    }

    [Fact]
    public void A_table_of_contents_is_not_the_answer_but_the_section_it_points_to_is()
    {
        var answer = Answer("What are the limitations of the guideline?",
            Source("guideline.pdf", 3, "1.1 Background 3 1.2 Incidence 4 2 Methodology 5 2.4 Involvement 5 2.5 Guideline limitations 6 2.6 Other work relevant to the guideline 6 2.7 Methods 7"),
            Source("guideline.pdf", 12, "2.5 Guideline limitations\n\nThe limitations of the guideline are that it does not cover service delivery or the organisation of care."));

        Assert.StartsWith("The limitations of the guideline are that it does not cover service delivery", answer.Text);
        Assert.Equal([12], answer.Citations.Select(c => c.Page));
    }

    [Fact]
    public void Numbers_in_a_stating_sentence_do_not_make_it_a_table_of_contents()
    {
        var answer = Answer("What were the pH readings in sections 2.1 and 2.2?",
            Source("lab.pdf", 4, "The pH readings were 7.4, 7.2 and 6.8 on days 1, 2 and 3 (see 2.1 Methods and 2.2 Results)."));

        Assert.Contains("7.4, 7.2 and 6.8", answer.Text);
    }

    [Fact]
    public void A_two_part_question_gets_the_sentence_that_answers_each_part()
    {
        var answer = Answer("Why does multinomial naive Bayes perform poorly, and how does complement naive Bayes fix it?",
            Source("nb.pdf", 3, "Multinomial naive Bayes is a popular classifier for text. It performs poorly when training classes are skewed, " +
                                "because the weights for classes with few examples shrink. We used twenty newsgroups."),
            Source("nb.pdf", 4, "The datasets are described in the appendix. Complement naive Bayes fixes this by estimating each class's " +
                                "weights from the training data of all the other classes."));

        Assert.Contains("classes are skewed", answer.Text);
        Assert.Contains("estimating each class's weights from the training data of all the other classes. [2]", answer.Text);
        Assert.DoesNotContain("appendix", answer.Text);
    }

    [Fact]
    public void A_sentence_continued_by_the_next_brings_it_along()
    {
        var answer = Answer("What does the relief valve do?",
            Source("pumps.pdf", 2, "The relief valve opens at 14 bar. It then vents the pressure to the return line. Pumps are blue."));

        Assert.Contains("opens at 14 bar. [1] It then vents the pressure to the return line. [1]", answer.Text);
        Assert.DoesNotContain("blue", answer.Text);
    }

    [Fact]
    public void Answers_in_the_language_of_the_question()
    {
        var answer = Answer("知识库是什么？",
            Source("kb.md", 1, "A knowledge base stores documents. 知识库是存放文档并回答问题的系统。"));

        Assert.Contains("知识库是存放文档并回答问题的系统。", answer.Text);
        Assert.DoesNotContain("knowledge base stores", answer.Text);
    }
}
