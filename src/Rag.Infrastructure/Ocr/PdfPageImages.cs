using System.Globalization;
using Rag.Core.Ocr;
using Rag.Infrastructure.Extraction;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Rag.Infrastructure.Ocr;

/// <summary>Page images of one PDF for OCR. A page that is one scanned image (covering most of the page, JPEG or
/// a format PdfPig turns into PNG) is decoded as it is; any other page is rendered by poppler's pdftoppm at
/// the resolution of its images (at most <see cref="OcrOptions.RenderDpi"/>), less where that would exceed
/// <see cref="OcrOptions.MaxPixels"/>.</summary>
public sealed class PdfPageImages(byte[] pdf, PdfLimits limits, OcrOptions options) : IPageImages
{
    private const double MinCoverage = 0.9;
    private readonly PdfDocument _document = PdfDocument.Open(pdf, new ParsingOptions
    {
        UseLenientParsing = true,
        SkipMissingFonts = true,
        FilterProvider = new BoundedFilterProvider(limits.MaxDecodedStreamBytes),
    });

    public async Task<OcrImage> ReadAsync(int pageNumber, CancellationToken cancellationToken)
    {
        var page = _document.GetPage(pageNumber);
        return Embedded(page) ?? await RenderAsync(pageNumber, page.Width, page.Height, ScanResolution(page), cancellationToken);
    }

    /// <summary>The resolution of the page's sharpest image (scans stored at 72 dpi gain nothing from rendering them
    /// finer), between 72 dpi and <see cref="OcrOptions.RenderDpi"/>; that setting itself for a page without images.</summary>
    private double ScanResolution(Page page)
    {
        var images = page.GetImages().Where(i => i.BoundingBox.Width > 0).Select(i => i.WidthInSamples / (i.BoundingBox.Width / 72)).ToList();
        return images.Count == 0 ? options.RenderDpi : Math.Clamp(Math.Ceiling(images.Max()), 72, options.RenderDpi);
    }

    private OcrImage? Embedded(Page page)
    {
        if (page.Rotation.Value != 0) return null;
        var images = page.GetImages().Take(2).ToList();
        if (images is not [{ IsImageMask: false } image] || image.BoundingBox.Area < MinCoverage * page.Width * page.Height)
            return null;
        ImageDecoder.CheckSize(image.WidthInSamples, image.HeightInSamples, options.MaxPixels);
        try
        {
            return ImageDecoder.TryDecode(image.RawMemory.ToArray(), options.MaxPixels)
                ?? (image.TryGetPng(out var png) ? ImageDecoder.TryDecode(png, options.MaxPixels) : null);
        }
        catch (Exception e) when (e is not Core.Extraction.ExtractionException)
        {
            return null; // an encoding neither reads (JBIG2, CCITT, JPEG 2000): render the page instead
        }
    }

    private async Task<OcrImage> RenderAsync(int pageNumber, double widthPoints, double heightPoints, double resolution, CancellationToken cancellationToken)
    {
        var pixelsPerPoint = resolution / 72.0;
        var pixels = widthPoints * heightPoints * pixelsPerPoint * pixelsPerPoint;
        var dpi = pixels <= options.MaxPixels ? resolution : Math.Max(1, Math.Floor(resolution * Math.Sqrt(options.MaxPixels / pixels)));
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var ppm = await ExternalProcess.RunAsync("pdftoppm",
            ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-singlefile", "-"], pdf,
            "install poppler-utils", cancellationToken);
        return NetpbmImage.Read(ppm);
    }

    public void Dispose() => _document.Dispose();
}
