using Rag.Web.Api;
using Rag.Web.Components.Shared;

namespace Rag.Web.Tests;

public sealed class SourceCardTests : BunitContext
{
    private static readonly Guid Paper = Guid.NewGuid();

    [Fact]
    public void The_cited_passage_is_marked_even_where_the_source_breaks_lines()
    {
        var source = new Source(2, Paper, "paper.pdf", 4, 0, 80, "Intro text. Naive Bayes is\nfast and simple. Other text.", 4.5f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source).Add(c => c.Quotes, ["Naive Bayes is fast and simple."]));

        Assert.Equal("Naive Bayes is\nfast and simple.", card.Find("mark").TextContent);
        Assert.Equal($"/documents/{Paper}?page=4&quote=Naive%20Bayes%20is%20fast%20and%20simple.", card.Find("header a").GetAttribute("href"));
        Assert.Contains("score 4.5", card.Find(".score").TextContent);
    }

    [Fact]
    public void A_quote_joining_separate_sentences_marks_each_of_them()
    {
        var source = new Source(1, Paper, "paper.pdf", 1, 0, 80, "The model is linear. It has no hidden state. Training takes one pass over the data.", 1f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source)
            .Add(c => c.Quotes, ["The model is linear. Training takes one pass over the data."]));

        Assert.Equal(["The model is linear", "Training takes one pass over the data."], card.FindAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public void An_uncited_source_has_no_marks()
    {
        var source = new Source(1, Paper, "paper.pdf", 1, 0, 10, "Plain text.", 1f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source));

        Assert.Empty(card.FindAll("mark"));
        Assert.DoesNotContain("cited", card.Find("article").ClassList);
    }
}
