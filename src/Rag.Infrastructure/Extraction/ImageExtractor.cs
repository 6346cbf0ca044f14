using System.Globalization;
using Rag.Core.Extraction;
using Rag.Infrastructure.Ocr;

namespace Rag.Infrastructure.Extraction;

/// <summary>Pictures (PNG, JPEG, TIFF) have no text layer: one empty page each (a TIFF one per image), which the
/// ocr step reads.</summary>
public sealed class ImageExtractor(OcrOptions? options = null) : ITextExtractor
{
    private readonly int _maxPages = (options ?? new OcrOptions()).MaxPages;

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Png, KnownContentTypes.Jpeg, KnownContentTypes.Tiff];

    public async Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var head = new byte[ContentSniffer.HeadLength];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var pages = 1;
        if (ImageSniffer.Sniff(head.AsSpan(0, read)) == KnownContentTypes.Tiff)
        {
            content.Position = 0;
            pages = TiffPages.Count(await StreamBytes.ReadAllAsync(content, cancellationToken));
            if (pages > _maxPages)
                throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                    $"This TIFF has {pages:N0} pages; OCR reads at most {_maxPages:N0} (Rag:Ocr:MaxPages)."));
        }
        progress?.Report((pages, pages));
        return new ExtractedDocument([.. Enumerable.Range(1, pages).Select(n => new ExtractedPage(n, ""))]);
    }
}
