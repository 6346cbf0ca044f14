using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Plain text files become one page, whatever their encoding.</summary>
public sealed class PlainTextExtractor : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.PlainText];

    public ExtractedDocument Extract(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var text = TextDecoder.NormalizeLineEndings(TextDecoder.Decode(StreamBytes.ReadAll(content)));
        progress?.Report((1, 1));
        return new ExtractedDocument([new ExtractedPage(1, text)]);
    }
}
