using Rag.Contracts;
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

        Assert.Equal("Naive Bayes is\nfast and simple.", card.Find(".passage mark").TextContent);
        Assert.Equal($"/documents/{Paper}?page=4&quote=Naive%20Bayes%20is%20fast%20and%20simple.", card.Find("summary a").GetAttribute("href"));
        Assert.Contains("cited", card.Find("details").ClassList);
    }

    [Fact]
    public void A_quote_joining_separate_sentences_marks_each_of_them()
    {
        var source = new Source(1, Paper, "paper.pdf", 1, 0, 80, "The model is linear. It has no hidden state. Training takes one pass over the data.", 1f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source)
            .Add(c => c.Quotes, ["The model is linear. Training takes one pass over the data."]));

        Assert.Equal(["The model is linear", "Training takes one pass over the data."], card.FindAll(".passage mark").Select(m => m.TextContent));
    }

    [Fact]
    public void Closed_a_source_is_one_line_with_a_short_snippet_around_the_cited_words_and_the_whole_passage_inside()
    {
        var before = string.Join(" ", Enumerable.Repeat("Unrelated words about the weather.", 8));
        var after = string.Join(" ", Enumerable.Repeat("More text that follows later on.", 8));
        var source = new Source(1, Paper, "paper.pdf", 3, 0, 600, $"{before} The pump stops at 12 bar. {after}", 1f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source).Add(c => c.Quotes, ["The pump stops at 12 bar."]));

        Assert.False(card.Find("details").HasAttribute("open"));
        var snippet = card.Find("summary .snippet").TextContent;
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.InRange(snippet.Length, 60, 170);
        Assert.Equal("The pump stops at 12 bar.", card.Find("summary .snippet mark").TextContent);
        Assert.Equal(source.Text, card.Find(".passage").TextContent);
    }

    [Fact]
    public void The_score_is_shown_only_as_a_bar_relative_to_the_best_passage()
    {
        var source = new Source(1, Paper, "paper.pdf", 1, 0, 10, "Plain text.", 4.5f);
        var card = Render<SourceCard>(p => p.Add(c => c.Source, source).Add(c => c.BestScore, 9f));

        var meter = card.Find("meter");
        Assert.Equal("50", meter.GetAttribute("value"));
        Assert.Equal("Relevance: 50% of the best passage", meter.GetAttribute("aria-label"));
        Assert.DoesNotContain("4.5", card.Markup);
        Assert.Empty(Render<SourceCard>(p => p.Add(c => c.Source, source)).FindAll("meter"));
    }

    [Fact]
    public void An_uncited_source_has_the_words_of_the_question_marked_and_nothing_else()
    {
        var source = new Source(1, Paper, "paper.pdf", 1, 0, 60, "Pumps of this kind run at a pressure of 12 bar.", 1f);
        Assert.Empty(Render<SourceCard>(p => p.Add(c => c.Source, source)).FindAll("mark"));

        var card = Render<SourceCard>(p => p.Add(c => c.Source, source).Add(c => c.Question, "What pressure does this pump reach?"));
        Assert.Equal(["pressure"], card.FindAll(".passage mark").Select(m => m.TextContent));
        Assert.DoesNotContain("cited", card.Find("details").ClassList);
    }
}
