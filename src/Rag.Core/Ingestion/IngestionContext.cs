using Rag.Core.Domain;
using Rag.Core.Extraction;

namespace Rag.Core.Ingestion;

/// <summary>What the steps of one document's ingestion share: the document, its original file, and what earlier
/// steps produced.</summary>
public sealed class IngestionContext(
    Document document, string collection, Func<CancellationToken, Task<Stream>> openOriginal, IIngestionProgress progress)
{
    public Document Document { get; } = document;

    /// <summary>The collection's name (for traces, metrics and logs).</summary>
    public string Collection { get; } = collection;

    /// <summary>Canonical content type of the original file, e.g. "application/pdf".</summary>
    public string ContentType => Document.ContentType;

    /// <summary>Opens the stored original file; the caller disposes the stream.</summary>
    public Func<CancellationToken, Task<Stream>> OpenOriginal { get; } = openOriginal;

    public IIngestionProgress Progress { get; } = progress;

    /// <summary>Set by extraction; later steps (OCR) may replace pages.</summary>
    public ExtractedDocument? Extracted { get; set; }

    /// <summary>Set by chunking.</summary>
    public IReadOnlyList<Chunk>? Chunks { get; set; }

    /// <summary>Set when the document turned out to be deleted meanwhile; no further step runs.</summary>
    public bool Deleted { get; set; }

    public ExtractedDocument RequireExtracted() =>
        Extracted ?? throw new InvalidOperationException("No step has extracted the document's text yet.");

    public IReadOnlyList<Chunk> RequireChunks() =>
        Chunks ?? throw new InvalidOperationException("No step has chunked the document yet.");
}
