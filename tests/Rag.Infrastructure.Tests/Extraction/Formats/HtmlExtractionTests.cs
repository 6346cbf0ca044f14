using System.Text;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

public sealed class HtmlExtractionTests
{
    [Fact]
    public async Task Saved_page_keeps_its_main_content_in_its_declared_charset_and_drops_the_rest()
    {
        var document = await FormatExtraction.ExtractAsync(FixtureFiles.Bytes("page.html"), "page.html");

        var text = Assert.Single(document.Pages).Text;
        Assert.StartsWith("Café Lumière\n\nOur café serves crème brûlée every day.", text);
        Assert.Contains("Day: Sunday; Opens: 10:00; Closes: 16:00", text);
        Assert.Contains("• Take tram line 4 to Riverside.", text);
        foreach (var dropped in new[] { "tracking", "font-family", "banner", "Navigation", "Sidebar", "Copyright" })
            Assert.DoesNotContain(dropped, text);
        Assert.Equal(["Café Lumière", "Café Lumière > Opening hours", "Café Lumière > Directions"], document.Pages[0].Sections!.Select(s => s.Heading));
    }

    [Fact]
    public async Task Page_without_main_reads_the_body_without_site_header_and_footer_and_takes_its_title()
    {
        var html = "<html><head><title>Release notes</title></head><body><header>Site name</header><div><p>Version 2 adds <b>offline</b> mode.</p></div><footer>Imprint</footer></body></html>";

        var document = await FormatExtraction.ExtractAsync(Encoding.UTF8.GetBytes(html), "notes.html");

        Assert.Equal("Release notes\n\nVersion 2 adds offline mode.", document.Pages[0].Text);
    }

    [Fact]
    public async Task Byte_order_mark_decides_the_encoding()
    {
        var html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Zürich 知识库</p></body></html>";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(html)).ToArray();

        var document = await FormatExtraction.ExtractAsync(bytes, "page.htm");

        Assert.Equal("Zürich 知识库", document.Pages[0].Text);
    }

    [Fact]
    public async Task Entity_declarations_are_not_expanded()
    {
        var laughs = "<!DOCTYPE html [<!ENTITY lol \"lollollollollol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>";
        var html = laughs + "<html><body><p>Before &lol2; after</p></body></html>";

        var document = await FormatExtraction.ExtractAsync(Encoding.UTF8.GetBytes(html), "laughs.html");

        Assert.DoesNotContain("lollol", document.Pages[0].Text);
        Assert.Contains("after", document.Pages[0].Text);
    }

    [Fact]
    public async Task Page_nested_thousands_deep_is_refused_before_parsing()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 100_000)) + "deep text</body></html>";

        var error = await Assert.ThrowsAsync<Rag.Core.Extraction.ExtractionException>(() => FormatExtraction.ExtractAsync(Encoding.UTF8.GetBytes(html), "deep.html"));

        Assert.Equal("This web page nests its elements more than 2,000 levels deep (the limit).", error.Message);
    }

    [Fact]
    public async Task Unclosed_paragraphs_and_list_items_do_not_count_as_nesting()
    {
        var html = "<html><body><ul>" + string.Concat(Enumerable.Range(1, 5_000).Select(i => $"<li><p>Item {i}<br>")) + "</ul></body></html>";

        var document = await FormatExtraction.ExtractAsync(Encoding.UTF8.GetBytes(html), "sloppy.html");

        Assert.Contains("• Item 5000", document.Pages[0].Text);
    }
}
