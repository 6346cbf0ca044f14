using Rag.Contracts;
using Rag.Web.Components.Shared;
using Rag.Web.State;

namespace Rag.Web.Tests;

/// <summary>Under an answer, the sources it cites are listed as its sources; what was retrieved but not cited is
/// apart, collapsed, and not called support.</summary>
public sealed class AnswerSourcesTests : BunitContext
{
    private static readonly Guid Manual = Guid.NewGuid();

    private static Source SourceN(int n, string text, float score) => new(n, Manual, "manual.pdf", n, 0, text.Length, text, score);

    private static readonly Source[] Retrieved =
    [
        SourceN(1, "The pump runs at 12 bar.", 8f), SourceN(2, "The cafeteria opens at noon.", 2f), SourceN(3, "Pressure above 12 bar stops the pump.", 6f),
    ];

    [Fact]
    public void Cited_sources_are_listed_as_sources_and_the_others_apart_collapsed()
    {
        var turn = new AskTurn("At what pressure does the pump run?");
        turn.Complete(Answer("It runs at 12 bar [1] and stops above it [3].", true,
            [new Citation(1, Manual, "manual.pdf", 1, "The pump runs at 12 bar."), new Citation(3, Manual, "manual.pdf", 3, "Pressure above 12 bar stops the pump.")]));
        var view = Render<AnswerTurn>(p => p.Add(t => t.Turn, turn));

        Assert.Equal("Sources", view.Find(".answer-sources h3").TextContent);
        Assert.Equal(["Source 1", "Source 3"], view.FindAll(".answer-sources > ol.sources .source").Select(s => s.GetAttribute("aria-label")));
        var others = view.Find(".answer-sources details.other-sources");
        Assert.False(others.HasAttribute("open"));
        Assert.Contains("Other passages retrieved (1)", others.QuerySelector("summary")!.TextContent);
        Assert.Equal(["Source 2"], others.QuerySelectorAll(".source").Select(s => s.GetAttribute("aria-label")));
        Assert.Equal("25", others.QuerySelector("meter")!.GetAttribute("value")); // relative to the best of all, 8
    }

    [Fact]
    public void A_not_found_answer_lists_the_closest_passages()
    {
        var turn = new AskTurn("Who won the cup?");
        turn.Complete(Answer(AskResponse.NotFound, false, []));
        var view = Render<AnswerTurn>(p => p.Add(t => t.Turn, turn));

        Assert.Equal("Closest passages", view.Find(".answer-sources h3").TextContent);
        Assert.Equal(3, view.FindAll(".answer-sources .source").Count);
        Assert.Empty(view.FindAll(".other-sources"));
    }

    private static AskResponse Answer(string text, bool grounded, IReadOnlyList<Citation> citations) =>
        new(text, grounded, "question", AnswerKind.Extractive, citations, Retrieved, new RetrievalInfo("hybrid", ["keyword", "vector"], null), null,
            new RelevanceInfo(0.9, 0.5, 0.8, 1, 1, [], false, false, 0, 0.1, true, []));
}
