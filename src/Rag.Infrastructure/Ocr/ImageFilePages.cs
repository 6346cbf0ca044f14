using Rag.Core.Extraction;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>An uploaded picture: one page (PNG, JPEG), or one per image in a TIFF.</summary>
public sealed class ImageFilePages(byte[] file, bool tiff, long maxPixels) : IPageImages
{
    public Task<OcrImage> ReadAsync(int pageNumber, CancellationToken cancellationToken) => Task.FromResult(tiff
        ? TiffPages.Read(file, pageNumber, maxPixels)
        : ImageDecoder.TryDecode(file, maxPixels) ?? throw new ExtractionException("The image is damaged and cannot be read."));

    public void Dispose() { }
}
