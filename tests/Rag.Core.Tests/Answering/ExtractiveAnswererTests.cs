using Rag.Core.Answering;
using Rag.Core.Retrieval;

namespace Rag.Core.Tests.Answering;

public class ExtractiveAnswererTests
{
    private static RetrievedChunk Source(string file, int page, string text) =>
        new(Guid.NewGuid(), Guid.NewGuid(), file, page, 0, text.Length, text, 1f);

    [Fact]
    public void Answers_with_the_supporting_sentence_cited_by_source_number_and_page()
    {
        var sources = new[]
        {
            Source("weather.txt", 1, "It rained on Monday. The sky was grey."),
            Source("pumps.pdf", 7, "Pumps need service yearly. The maximum operating pressure of the pump is 12 bar. Keep it dry."),
        };

        var answer = new ExtractiveAnswerer().Answer("What is the maximum operating pressure of the pump?", sources);

        Assert.True(answer.Grounded);
        Assert.Contains("12 bar. [2]", answer.Text);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal((2, "pumps.pdf", 7), (citation.N, citation.FileName, citation.Page));
        Assert.Contains("12 bar", citation.Quote);
        Assert.DoesNotContain("rained", answer.Text);
    }

    [Fact]
    public void Says_not_found_when_no_sentence_covers_the_question()
    {
        var answer = new ExtractiveAnswerer().Answer("Who won the 1998 football world cup?",
            [Source("pumps.pdf", 1, "The pump runs at 12 bar. Service it every year.")]);

        Assert.False(answer.Grounded);
        Assert.Equal(GroundedAnswer.NotFound, answer.Text);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public void Answers_chinese_questions()
    {
        var answer = new ExtractiveAnswerer().Answer("知识库可以做什么？",
            [Source("zh.pdf", 2, "天气很好。知识库可以存储文档并回答问题。")]);

        Assert.True(answer.Grounded);
        Assert.Contains("知识库可以存储文档并回答问题。 [1]", answer.Text);
    }
}
