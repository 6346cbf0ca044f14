using Rag.Eval.Ocr;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Ocr;

namespace Rag.Bench.Tests.Ocr;

public sealed class PdfPageImagesTests
{
    [Fact]
    public async Task A_page_that_is_one_jpeg_scan_is_taken_as_is_and_other_pages_are_rendered()
    {
        var scan = SamplePages.Render("Scanned page.", chinese: false, seed: 1);
        using var images = new PdfPageImages(MixedPdf.Create("Typed page.", scan.Jpeg), new PdfLimits(), new OcrOptions());

        var embedded = await images.ReadAsync(2, default);
        Assert.Equal((1654, 2339), (embedded.Width, embedded.Height)); // the JPEG's own size, not Letter at 200 dpi
        var rendered = await images.ReadAsync(1, default);
        Assert.Equal((1700, 2200), (rendered.Width, rendered.Height)); // Letter at 200 dpi by pdftoppm
    }

    [Fact]
    public async Task A_page_too_large_to_render_at_full_resolution_is_rendered_smaller()
    {
        using var images = new PdfPageImages(MixedPdf.Create("Typed page.", SamplePages.Render("x", false, 1).Jpeg),
            new PdfLimits(), new OcrOptions { MaxPixels = 1_000_000 });

        var rendered = await images.ReadAsync(1, default);
        Assert.InRange(rendered.Pixels, 500_000, 1_000_000);
    }
}
