using Rag.Contracts;
using Rag.Web.Components.Shared;

namespace Rag.Web.Tests;

public sealed class AnswerViewTests : BunitContext
{
    private static readonly Guid Paper = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Manual = Guid.Parse("22222222-2222-2222-2222-222222222222");

    [Fact]
    public void Each_citation_marker_opens_the_viewer_at_the_cited_page_with_its_quote()
    {
        var view = Render<AnswerView>(p => p
            .Add(a => a.Text, "Pumps run at 5 bar [1]. Valves close slowly [2].")
            .Add(a => a.Citations, [new Citation(1, Paper, "paper.pdf", 3, "Pumps run at 5 bar."), new Citation(2, Manual, "manual.pdf", 7, "Valves & seals")]));

        var links = view.FindAll("a.citation");
        Assert.Equal(["[1]", "[2]"], links.Select(l => l.TextContent));
        Assert.Equal($"/documents/{Paper}?page=3&quote=Pumps%20run%20at%205%20bar.", links[0].GetAttribute("href"));
        Assert.Equal($"/documents/{Manual}?page=7&quote=Valves%20%26%20seals", links[1].GetAttribute("href"));
        Assert.All(links, l => Assert.Null(l.GetAttribute("target")));
        Assert.Equal("Source 2: manual.pdf, page 7", links[1].GetAttribute("aria-label"));
        Assert.Contains("Pumps run at 5 bar", view.Find("p").TextContent);
    }

    [Fact]
    public void A_marker_without_a_citation_links_to_the_source_of_that_rank()
    {
        var view = Render<AnswerView>(p => p
            .Add(a => a.Text, "See [2].")
            .Add(a => a.Sources, [new Source(1, Paper, "paper.pdf", 1, 0, 5, "t", 1f), new Source(2, Manual, "manual.pdf", 9, 0, 5, "t", 0.5f)]));

        Assert.Equal($"/documents/{Manual}?page=9&quote=t", view.Find("a.citation").GetAttribute("href"));
    }

    [Fact]
    public void A_marker_not_yet_known_while_streaming_is_plain_text()
    {
        var view = Render<AnswerView>(p => p.Add(a => a.Text, "Streaming [1"));
        Assert.Empty(view.FindAll("a.citation"));

        view.Render(p => p.Add(a => a.Text, "Streaming [1]"));
        Assert.Equal("[1]", view.Find("span.citation.pending").TextContent);
    }

    [Fact]
    public void A_list_of_numbers_in_one_marker_gives_one_chip_each()
    {
        var view = Render<AnswerView>(p => p
            .Add(a => a.Text, "Both say so [1, 2].")
            .Add(a => a.Citations, [new Citation(1, Paper, "paper.pdf", 3, "Pumps run at 5 bar."), new Citation(2, Manual, "manual.pdf", 7, "Valves & seals")]));

        Assert.Equal(2, view.FindAll("a.citation").Count);
    }
}
