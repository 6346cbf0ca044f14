using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction;

/// <summary>PDFs written to hurt the parser: each ends in a clear outcome instead of exhausting memory, time or the
/// stack. The files are generated here, byte by byte (see <see cref="HandmadePdf"/>).</summary>
public sealed class HostilePdfTests
{
    private const string Page = $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} >>";

    [Fact]
    public void A_pdf_with_more_pages_than_the_limit_fails_saying_how_many()
    {
        var pdf = HandmadePdf.WithPages("one", "two", "three", "four", "five", "six");

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf, new PdfLimits(MaxPages: 5)));

        Assert.Equal("This PDF has 6 pages; the limit is 5.", failure.Message);
        Assert.Equal(6, Extract(pdf, new PdfLimits(MaxPages: 6)).Pages.Count);
    }

    [Fact]
    public void Kids_repeating_one_page_millions_of_times_fail_on_the_page_limit()
    {
        // 14 MB that PdfPig would turn into two million page objects before anyone could ask how many there are.
        var pdf = HandmadePdf.InMemory(p => p
            .Object(10, Page)
            .Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Repeat("10 0 R", 2_000_000))}] /Count 1 >>"));

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.Equal("This PDF has 2,000,000 pages; the limit is 5,000.", failure.Message);
    }

    public static TheoryData<string, string[]> LoopingPageTrees => new()
    {
        { "a node among its own kids", ["<< /Type /Pages /Kids [2 0 R 10 0 R] /Count 1 >>"] },
        { "two nodes listing each other", ["<< /Type /Pages /Kids [20 0 R] /Count 1 >>", "<< /Type /Pages /Kids [2 0 R 10 0 R] /Count 1 >>"] },
        { "a loop of a hundred nodes", LongLoop(100) },
        { "a loop longer than PdfPig's 1000-node memory (it would go round forever)", LongLoop(1_100) },
        { "a branch listed twice at every level", Doubling(40) },
    };

    [Theory]
    [MemberData(nameof(LoopingPageTrees))]
    public void A_page_tree_that_loops_fails_as_unsafe(string shape, string[] pagesNodes)
    {
        var pdf = HandmadePdf.InMemory(p =>
        {
            p.Object(10, Page);
            for (var i = 0; i < pagesNodes.Length; i++)
                p.Object(i == 0 ? 2 : 20 + i - 1, pagesNodes[i]);
        });

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.True(failure.Message.StartsWith("This PDF cannot be read safely: its page tree ", StringComparison.Ordinal), $"{shape}: {failure.Message}");
    }

    [Fact]
    public void A_page_tree_loop_hidden_in_a_compressed_object_stream_is_found()
    {
        var pdf = HandmadePdf.InMemory(p => p.ObjectStream(30, (2, "<< /Type /Pages /Kids [20 0 R] /Count 1 >>"), (20, "<< /Type /Pages /Kids [2 0 R] >>")));

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.Equal("This PDF cannot be read safely: its page tree loops back on itself or lists the same branch twice.", failure.Message);
    }

    [Fact]
    public void A_loop_of_references_fails_instead_of_overflowing_the_stack()
    {
        // PdfPig resolves "a reference to a reference" recursively: this pair would end the process.
        var pdf = HandmadePdf.InMemory(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
            .Object(10, "11 0 R")
            .Object(11, "10 0 R"));

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.StartsWith("This PDF cannot be read safely: it contains a chain of more than 32 references to references, or a loop", failure.Message);
    }

    [Fact]
    public void A_page_tree_nested_deeper_than_any_real_one_fails()
    {
        var pdf = HandmadePdf.InMemory(p =>
        {
            p.Object(2, "<< /Type /Pages /Kids [20 0 R] /Count 1 >>");
            for (var level = 0; level < 1_000; level++)
                p.Object(20 + level, $"<< /Type /Pages /Kids [{21 + level} 0 R] /Count 1 >>");
            p.Object(1_020, $"<< /Type /Page {HandmadePdf.PageResources} >>");
        });

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.Equal("This PDF cannot be read safely: its page tree is nested more than 256 levels deep.", failure.Message);
    }

    [Fact]
    public void An_absurd_page_count_is_ignored_and_the_real_page_is_read()
    {
        // /Count is never used to size anything: the pages actually present are what is read.
        var pdf = HandmadePdf.InMemory(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 2147483647 >>")
            .Object(10, $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} /Contents 11 0 R >>")
            .Stream(11, "", data => data.Write(System.Text.Encoding.ASCII.GetBytes(HandmadePdf.ShowText("The only real page")))));

        var page = Assert.Single(Extract(pdf).Pages);

        Assert.Equal("The only real page", page.Text);
    }

    [Fact]
    public void A_content_stream_inflating_to_a_gigabyte_fails_at_the_stream_limit()
    {
        using var pdf = TemporaryPdf(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
            .Object(10, $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} /Contents 11 0 R >>")
            .FlateStream(11, "", HandmadePdf.ShowText("Hello from the bomb"), spaces: 1L << 30));
        Assert.InRange(pdf.Length, 1, 2 * 1024 * 1024);

        var failure = Assert.Throws<ExtractionException>(() => Extract(pdf));

        Assert.Equal("This PDF cannot be read safely: it contains a compressed stream that expands to more than 64 MB (the limit).", failure.Message);
    }

    [Fact]
    public void A_compressed_stream_within_the_limit_is_read()
    {
        using var pdf = TemporaryPdf(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
            .Object(10, $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} /Contents 11 0 R >>")
            .FlateStream(11, "", HandmadePdf.ShowText("Compressed but honest"), spaces: 1 << 20));

        Assert.Equal("Compressed but honest", Assert.Single(Extract(pdf).Pages).Text);
    }

    [Fact]
    public void An_image_bomb_on_a_page_with_text_does_not_stop_its_text_being_read()
    {
        // Text extraction never decodes image data, so a 1 GB image costs nothing; the page's text is read.
        using var pdf = TemporaryPdf(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
            .Object(10, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 11 0 R "
                + "/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 20 0 R >> >> >>")
            .Stream(11, "", data => data.Write(System.Text.Encoding.ASCII.GetBytes(
                "q 200 0 0 200 72 400 cm /Im1 Do Q\n" + HandmadePdf.ShowText("Caption under a huge image"))))
            .FlateStream(20, "/Type /XObject /Subtype /Image /Width 32768 /Height 32768 /ColorSpace /DeviceGray /BitsPerComponent 8", "", spaces: 1L << 30));

        var page = Assert.Single(Extract(pdf).Pages);

        Assert.Equal("Caption under a huge image", page.Text);
    }

    private static string[] LongLoop(int length) =>
        ["<< /Type /Pages /Kids [20 0 R] /Count 1 >>",
            .. Enumerable.Range(0, length).Select(i => $"<< /Type /Pages /Kids [{(i + 1 < length ? 21 + i : 20)} 0 R] /Count 1 >>")];

    /// <summary>Each level lists the next one twice: 2^levels pages if followed naively.</summary>
    private static string[] Doubling(int levels) =>
        ["<< /Type /Pages /Kids [20 0 R 20 0 R] /Count 1 >>",
            .. Enumerable.Range(0, levels).Select(i => i + 1 < levels ? $"<< /Type /Pages /Kids [{21 + i} 0 R {21 + i} 0 R] >>" : "<< /Type /Pages /Kids [10 0 R 10 0 R] >>")];

    /// <summary>Large generated files go to disk, so neither the test nor the extractor holds them twice.</summary>
    private static FileStream TemporaryPdf(Action<HandmadePdf> objects)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        var pdf = HandmadePdf.Begin(file).CatalogAndFont();
        objects(pdf);
        pdf.End(1);
        file.Position = 0;
        return file;
    }

    private static ExtractedDocument Extract(byte[] pdf, PdfLimits? limits = null) => Extract(new MemoryStream(pdf), limits);

    private static ExtractedDocument Extract(Stream pdf, PdfLimits? limits = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return new PdfTextExtractor(limits ?? new PdfLimits()).ExtractAsync(pdf, null, timeout.Token).GetAwaiter().GetResult();
    }
}
