using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Ingestion;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Ingestion;

/// <summary>A document to ingest, with the name of its collection (for traces, metrics and logs).</summary>
public sealed record IngestionTarget(Document Document, string Collection);

public sealed record IngestedDocument(int Pages, int Chunks);

/// <summary>Runs one document through the registered <see cref="IIngestionStep"/>s in order (extract → chunk → embed →
/// index, see <see cref="IngestionServiceCollectionExtensions.AddIngestionPipeline"/>). Safe to run again on the same
/// document (after a crash): chunk ids are deterministic and every write replaces what an earlier run left.</summary>
public sealed class DocumentIngestor(
    IDbContextFactory<RagDbContext> contexts,
    FileStore files,
    IEnumerable<IIngestionStep> steps,
    IKeywordIndex keywordIndex,
    ChunkIndexes indexes)
{
    private readonly IIngestionStep[] _steps = [.. steps];

    /// <summary>The document with its collection's name, or null when it was deleted while queued.</summary>
    public async Task<IngestionTarget?> FindAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking()
            .Where(d => d.Id == documentId)
            .Join(db.Collections, d => d.CollectionId, c => c.Id, (d, c) => new IngestionTarget(d, c.Name))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Each step runs under its own span (a child of the caller's ingest span). Null when the document
    /// was deleted while it was being ingested.</summary>
    public async Task<IngestedDocument?> IngestAsync(IngestionTarget target, CancellationToken cancellationToken)
    {
        var context = new IngestionContext(target.Document, target.Collection, _ => Task.FromResult(OpenOriginal(target.Document)),
            new ProgressWriter(contexts, target.Document.Id));
        foreach (var step in _steps.Where(s => s.AppliesTo(context)))
        {
            await RunTracedAsync(step, context, cancellationToken);
            if (context.Deleted) return null;
        }
        return new IngestedDocument(context.RequireExtracted().Pages.Count, context.RequireChunks().Count);
    }

    private Stream OpenOriginal(Document document) => files.Exists(document.ContentHash)
        ? files.OpenRead(document.ContentHash)
        : throw new ExtractionException("The original file is missing from storage; upload it again.");

    /// <summary>The span of step "x" is "ingest.x", tagged with the chunk count once there are chunks, else the page count.</summary>
    private static async Task RunTracedAsync(IIngestionStep step, IngestionContext context, CancellationToken cancellationToken)
    {
        using var span = RagTelemetry.Source.StartActivity("ingest." + step.Name);
        span?.SetTag(RagTelemetry.DocumentId, context.Document.Id).SetTag(RagTelemetry.Collection, context.Collection);
        try
        {
            await step.RunAsync(context, cancellationToken);
            if (context.Chunks is { } chunks) span?.SetTag(RagTelemetry.Chunks, chunks.Count);
            else if (context.Extracted is { } extracted) span?.SetTag(RagTelemetry.Pages, extracted.Pages.Count);
        }
        catch (Exception e)
        {
            span.Fail(e);
            throw;
        }
    }

    /// <summary>Marks the document failed with a reason a person can act on, and removes what it left in the indexes.
    /// A document deleted meanwhile has no row left to mark; its deletion cleaned the vector index, and only the
    /// keyword index (where ingestion writes before it stores the rows) is cleaned again, in
    /// <paramref name="ingestedInto"/>: the collection of the document when its ingestion began, null if it never did.</summary>
    public async Task MarkFailedAsync(Guid documentId, Guid? ingestedInto, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collectionId = await db.Documents.Where(d => d.Id == documentId).Select(d => (Guid?)d.CollectionId).SingleOrDefaultAsync(cancellationToken);
        if (collectionId is null)
        {
            if (ingestedInto is { } collection) await keywordIndex.DeleteDocumentAsync(collection, documentId, CancellationToken.None);
            return;
        }
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DocumentStatus.Failed)
            .SetProperty(d => d.Stage, IngestionStage.Failed)
            .SetProperty(d => d.Error, reason)
            .SetProperty(d => d.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken);
        await indexes.DeleteDocumentAsync(collectionId.Value, documentId, CancellationToken.None);
    }
}
