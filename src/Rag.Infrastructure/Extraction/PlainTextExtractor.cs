using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Plain text files become one page, whatever their encoding.</summary>
public sealed class PlainTextExtractor : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.PlainText];

    public async Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var text = TextDecoder.NormalizeLineEndings(TextDecoder.Decode(await StreamBytes.ReadAllAsync(content, cancellationToken)));
        progress?.Report((1, 1));
        return new ExtractedDocument([new ExtractedPage(1, text)]);
    }
}
