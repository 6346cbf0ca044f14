namespace Rag.Core.Ingestion;

/// <summary>One named step of ingestion (extract, chunk, embed, index, ...). Steps run in the order they are
/// registered, each under its own "ingest.&lt;name&gt;" span, and hand their results on through the context.
/// Running a document again must replace what an earlier run left, never add to it.</summary>
public interface IIngestionStep
{
    /// <summary>Short lower-case name, used for the span ("ingest.&lt;name&gt;").</summary>
    string Name { get; }

    /// <summary>False to skip this step (no span) for this document, e.g. no pages need OCR.</summary>
    bool AppliesTo(IngestionContext context) => true;

    /// <summary>Throws <see cref="Extraction.ExtractionException"/> with a readable reason when the document cannot be processed.</summary>
    Task RunAsync(IngestionContext context, CancellationToken cancellationToken);
}
