namespace Rag.Core.Extraction;

/// <summary>Turns an original file into page texts. One implementation per format, registered in DI.</summary>
public interface ITextExtractor
{
    /// <summary>Canonical content types handled, e.g. "application/pdf".</summary>
    IReadOnlyCollection<string> ContentTypes { get; }

    /// <summary>Extracts page by page, reporting (pagesDone, pagesTotal). Throws <see cref="ExtractionException"/> with a readable reason.</summary>
    Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken);
}
