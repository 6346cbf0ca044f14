using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Core.Answering;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>Without an LLM, over a small folder of papers and notes: questions the documents do not answer get
/// "not found" with the closest passages still listed, even when they share a word with the documents; a new question
/// after a conversation is not pulled back to the old topic; the extractive reader answers with the sentence that
/// states the answer, in the question's language.</summary>
public sealed class AnswerRelevanceTests : IAsyncLifetime
{
    private InProcessService _service = null!;
    private RagClient Api => _service.Client;

    private static readonly (string Name, string Text)[] Papers =
    [
        ("svm.md", """
            # Support vector machines

            Support vector machines choose the separating hyperplane that maximises the margin between the two classes.
            The margin is the distance from the hyperplane to the nearest training points, which are called support vectors.
            """),
        ("spam.md", """
            # Spam filtering survey

            We surveyed the spam filters of 40 companies in Australia and New Zealand.
            Most of them classify e-mail with naive Bayes, trained on the users' own folders.
            """),
        ("handbook.md", """
            # Team handbook

            ## On-call rotation

            Each engineer is on call for one week at a time, every six weeks.

            ## Holidays

            Holidays are booked in the shared calendar at least two weeks ahead.
            """),
        ("kb-zh.md", "知识库是一个存储和检索文档的系统，用户可以向它提问。它会引用文档的页码。"),
    ];

    public async Task InitializeAsync()
    {
        _service = await InProcessService.StartAsync();
        await Api.CreateCollectionAsync("papers");
        foreach (var id in await Api.UploadOkAsync("papers", [.. Papers.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Text)))]))
            await Api.ReadyAsync(id);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>The default configuration: the bundled encoder takes part in the decision.</summary>
    [Fact]
    public async Task With_the_bundled_encoder_an_off_topic_question_sharing_a_name_with_a_document_is_not_found()
    {
        await using var service = await InProcessService.StartAsync("--Rag:Embedding:Model=");
        await service.Client.CreateCollectionAsync("papers");
        foreach (var id in await service.Client.UploadOkAsync("papers", [.. Papers.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Text)))]))
            await service.Client.ReadyAsync(id);

        var offTopic = await service.Client.AskAsync("papers", "What is the capital of Australia?");
        Assert.False(offTopic["grounded"]!.GetValue<bool>());
        Assert.Equal("spam.md", offTopic["sources"]![0]!["fileName"]!.GetValue<string>());
        Assert.NotNull(offTopic["relevance"]!["similarity"]);

        var onTopic = await service.Client.AskAsync("papers", "How do support vector machines choose the separating hyperplane?");
        Assert.True(onTopic["grounded"]!.GetValue<bool>());
        Assert.Contains("maximises the margin", onTopic["answer"]!.GetValue<string>());
    }

    /// <summary>Found by asking the question over real papers: a sentence about Australia is similar enough to
    /// pass on its score, but no document mentions a capital at all.</summary>
    [Fact]
    public async Task With_the_bundled_encoder_a_question_about_something_no_document_mentions_is_not_found()
    {
        await using var service = await InProcessService.StartAsync("--Rag:Embedding:Model=");
        await service.Client.CreateCollectionAsync("outbreaks");
        foreach (var id in await service.Client.UploadOkAsync("outbreaks", ("ross-river.md", Encoding.UTF8.GetBytes(
            "# Ross River virus\n\nDuring 2017 a large outbreak was observed in the South-West Region of Australia, with more than " +
            "two thousand cases reported in less than two months. Mosquitoes carry the virus between hosts."))))
            await service.Client.ReadyAsync(id);

        var offTopic = await service.Client.AskAsync("outbreaks", "What is the capital of Australia?");
        Assert.False(offTopic["grounded"]!.GetValue<bool>());
        Assert.Equal(["capital"], offTopic["relevance"]!["unknownTerms"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("ross-river.md", offTopic["sources"]![0]!["fileName"]!.GetValue<string>());

        var onTopic = await service.Client.AskAsync("outbreaks", "How many cases were reported in the 2017 outbreak in Australia?");
        Assert.True(onTopic["grounded"]!.GetValue<bool>());
        Assert.Contains("two thousand cases", onTopic["answer"]!.GetValue<string>());
    }

    private async Task<JsonObject> AskAsync(object body)
    {
        var response = await Api.Http.PostAsJsonAsync("/api/ask", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task A_question_on_a_subject_the_documents_lack_is_not_found_and_lists_the_closest_passages()
    {
        var answer = await Api.AskAsync("papers", "Who painted the ceiling of the Sistine Chapel in two weeks?");

        Assert.False(answer["grounded"]!.GetValue<bool>());
        Assert.Equal(GroundedAnswer.NotFound, answer["answer"]!.GetValue<string>());
        Assert.Empty(answer["citations"]!.AsArray());
        Assert.NotEmpty(answer["sources"]!.AsArray());
        Assert.Equal("extractive", answer["answerKind"]!.GetValue<string>());
        var relevance = answer["relevance"]!;
        Assert.True(relevance["score"]!.GetValue<double>() < relevance["threshold"]!.GetValue<double>());
        Assert.Null(relevance["similarity"]); // no encoder runs here: keyword evidence alone
        Assert.Equal(["sistine", "chapel"], relevance["missingTerms"]!.AsArray().Select(t => t!.GetValue<string>()).Order().Reverse());
    }

    [Fact]
    public async Task A_question_asking_what_is_not_so_is_not_answered_from_a_source_that_states_what_is()
    {
        var answer = await Api.AskAsync("papers", "Which classifier did the companies in Australia never use for spam filtering?");

        Assert.False(answer["grounded"]!.GetValue<bool>());
        Assert.True(answer["relevance"]!["unmatchedNegation"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_when_question_about_a_document_without_any_date_is_flagged_while_a_how_many_question_with_a_number_is_answered()
    {
        var undated = await Api.AskAsync("papers", "When were support vector machines first used to choose the separating hyperplane?");
        Assert.True(undated["relevance"]!["answerTypeMissing"]!.GetValue<bool>());

        var counted = await Api.AskAsync("papers", "How many companies did the spam filtering survey cover?");
        Assert.True(counted["grounded"]!.GetValue<bool>());
        Assert.Contains("40 companies", counted["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_question_after_a_conversation_is_asked_as_it_is()
    {
        var answer = await AskAsync(new
        {
            collection = "papers",
            question = "What is the capital of Australia?",
            conversation = new[]
            {
                new { role = "user", content = "How do support vector machines choose the hyperplane?" },
                new { role = "assistant", content = "They maximise the margin between the two classes [1]." },
            },
        });

        Assert.Equal("What is the capital of Australia?", answer["question"]!.GetValue<string>());
        Assert.DoesNotContain(answer["sources"]!.AsArray(), s => s!["fileName"]!.GetValue<string>() == "svm.md" && s["n"]!.GetValue<int>() == 1);
        Assert.DoesNotContain("hyperplane", answer["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_follow_up_that_refers_back_is_answered_about_the_earlier_topic()
    {
        var answer = await AskAsync(new
        {
            collection = "papers",
            question = "And what are the nearest training points called?",
            conversation = new[] { new { role = "user", content = "How do support vector machines choose the hyperplane?" } },
        });

        Assert.StartsWith("How do support vector machines choose the hyperplane?", answer["question"]!.GetValue<string>());
        Assert.True(answer["grounded"]!.GetValue<bool>());
        Assert.Contains("support vectors", answer["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_answer_is_the_sentence_under_a_heading_not_the_heading()
    {
        var answer = await Api.AskAsync("papers", "How often is the on-call rotation?");

        Assert.True(answer["grounded"]!.GetValue<bool>());
        var text = answer["answer"]!.GetValue<string>();
        Assert.Contains("every six weeks", text);
        Assert.DoesNotContain("On-call rotation [", text);
        Assert.Equal("handbook.md", answer["citations"]![0]!["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chinese_question_whose_top_passage_answers_it_is_answered_in_chinese()
    {
        var answer = await Api.AskAsync("papers", "知识库是什么？");

        Assert.True(answer["grounded"]!.GetValue<bool>());
        Assert.Contains("知识库是一个存储和检索文档的系统", answer["answer"]!.GetValue<string>());
        Assert.Equal("kb-zh.md", answer["citations"]![0]!["fileName"]!.GetValue<string>());
    }
}
