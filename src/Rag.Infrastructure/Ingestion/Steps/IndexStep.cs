using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Ingestion;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Ingestion.Steps;

/// <summary>Replaces the document's keyword entries, then its chunk rows, and marks it ready. If the document was
/// deleted meanwhile, removes what ingestion wrote to the indexes and marks the context <see cref="IngestionContext.Deleted"/>.</summary>
public sealed class IndexStep(
    IDbContextFactory<RagDbContext> contexts, IKeywordIndex keywordIndex, ChunkIndexes indexes, SemanticSearch semantic) : IIngestionStep
{
    public string Name => "index";

    public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
    {
        var chunks = context.RequireChunks();
        var document = context.Document;
        await context.Progress.StageAsync(IngestionStage.Indexing, chunks.Count, cancellationToken);
        await keywordIndex.ReplaceDocumentAsync(document.CollectionId, document.Id, chunks, cancellationToken);
        if (await StoreAsync(document, context.RequireExtracted(), chunks, cancellationToken)) return;
        await indexes.DeleteDocumentAsync(document.CollectionId, document.Id, CancellationToken.None);
        context.Deleted = true;
    }

    /// <summary>Replaces the document's chunks and marks it ready, in one transaction. False if the document was deleted.</summary>
    private async Task<bool> StoreAsync(Document document, ExtractedDocument extracted, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.Documents.SingleOrDefaultAsync(d => d.Id == document.Id, cancellationToken);
        if (current is null) return false;

        await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        db.Chunks.AddRange(chunks);
        current.Status = DocumentStatus.Ready;
        current.Stage = IngestionStage.Done;
        current.ProgressDone = current.ProgressTotal = chunks.Count;
        current.PageCount = extracted.Pages.Count;
        current.PagesWithoutText = extracted.PagesWithoutText;
        current.ChunkCount = chunks.Count;
        current.Error = null;
        current.UpdatedAt = DateTimeOffset.UtcNow;
        if (semantic.TryGetIndex(out var index)) await RecordEmbeddingModelAsync(db, current, index.Fingerprint, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A collection takes the current model's fingerprint with its first embedded document, or once every
    /// document has been re-embedded after a model change (no other document still waits for ingestion).</summary>
    private static async Task RecordEmbeddingModelAsync(RagDbContext db, Document document, string fingerprint, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.SingleAsync(c => c.Id == document.CollectionId, cancellationToken);
        if (collection.EmbeddingFingerprint == fingerprint) return;
        var othersPending = await db.IngestionJobs
            .Where(j => j.DocumentId != document.Id)
            .Join(db.Documents, j => j.DocumentId, d => d.Id, (j, d) => d.CollectionId)
            .AnyAsync(c => c == collection.Id, cancellationToken);
        if (collection.EmbeddingFingerprint is null || !othersPending)
            collection.EmbeddingFingerprint = fingerprint;
    }
}
