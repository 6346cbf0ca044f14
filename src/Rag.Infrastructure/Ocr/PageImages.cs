using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Ocr;

/// <summary>The formats whose pages have images OCR can read.</summary>
public static class PageImages
{
    public static bool Exist(string contentType) =>
        contentType is KnownContentTypes.Pdf or KnownContentTypes.Png or KnownContentTypes.Jpeg or KnownContentTypes.Tiff;

    public static IPageImages Open(byte[] original, string contentType, PdfLimits pdfLimits, OcrOptions options) =>
        contentType == KnownContentTypes.Pdf
            ? new PdfPageImages(original, pdfLimits, options)
            : new ImageFilePages(original, contentType == KnownContentTypes.Tiff, options.MaxPixels);
}
