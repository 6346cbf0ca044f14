using System.Text;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Tests.Extraction;

public sealed class MarkdownTextExtractorTests
{
    private const string Guide = """
        ---
        title: Hidden front matter
        ---
        # Install Guide

        Download the **latest** [release](https://example.com/r) first.

        ## Linux

        Run this:

        ```bash
        ./install.sh --prefix /opt
        ```

        ### Troubleshooting

        - Check `PATH`
        - Read the ![log icon](log.png) logs

        ## Windows

        | Step | Action |
        |------|--------|
        | 1    | Unzip  |
        """;

    [Fact]
    public void Each_heading_is_a_section_whose_offset_points_at_the_heading_text()
    {
        var page = Extract(Guide);

        Assert.Equal(
            ["Install Guide", "Install Guide > Linux", "Install Guide > Linux > Troubleshooting", "Install Guide > Windows"],
            page.Sections!.Select(s => s.Heading));
        foreach (var (section, title) in page.Sections!.Zip(new[] { "Install Guide", "Linux", "Troubleshooting", "Windows" }))
            Assert.Equal(title, page.Text.Substring(section.Offset, title.Length));
    }

    [Fact]
    public void Markup_is_stripped_but_link_text_and_code_are_kept()
    {
        var text = Extract(Guide).Text;

        Assert.Contains("Download the latest release first.", text);
        Assert.Contains("./install.sh --prefix /opt", text);
        Assert.Contains("Check PATH", text);
        Assert.Contains("Read the log icon logs", text);
        Assert.Contains("Step | Action\n1 | Unzip", text);
        Assert.DoesNotContain("https://example.com", text);
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("front matter", text);
    }

    [Fact]
    public void Document_without_headings_is_one_page_without_sections()
    {
        var page = Extract("Just a paragraph\nover two lines.");

        Assert.Equal(1, page.Number);
        Assert.Equal("Just a paragraph\nover two lines.", page.Text);
        Assert.Empty(page.Sections!);
    }

    private static ExtractedPage Extract(string markdown)
    {
        var document = new MarkdownTextExtractor().ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(markdown)), null, CancellationToken.None).GetAwaiter().GetResult();
        return Assert.Single(document.Pages);
    }
}
