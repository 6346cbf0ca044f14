using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rag.Core.Chunking;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Retrieval;
using Rag.Core.Text;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Ingestion;

/// <summary>A document to ingest, with the name of its collection (for traces, metrics and logs).</summary>
public sealed record IngestionTarget(Document Document, string Collection);

public sealed record IngestedDocument(int Pages, int Chunks);

/// <summary>Runs one document through extract → chunk → index → store. Safe to run again on the same document
/// (after a crash): chunk ids are deterministic and every write replaces what an earlier run left.</summary>
public sealed class DocumentIngestor(
    IDbContextFactory<RagDbContext> contexts,
    FileStore files,
    ExtractorRegistry extractors,
    TextChunker chunker,
    IKeywordIndex keywordIndex,
    ChunkIndexes indexes,
    IngestionOptions options,
    SemanticSearch semantic)
{
    /// <summary>The document with its collection's name, or null when it was deleted while queued.</summary>
    public async Task<IngestionTarget?> FindAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking()
            .Where(d => d.Id == documentId)
            .Join(db.Collections, d => d.CollectionId, c => c.Id, (d, c) => new IngestionTarget(d, c.Name))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Each stage runs under its own span (a child of the caller's ingest span). Null when the document
    /// was deleted while it was being ingested.</summary>
    public async Task<IngestedDocument?> IngestAsync(IngestionTarget target, CancellationToken cancellationToken)
    {
        var document = target.Document;
        var progress = new ProgressWriter(contexts, document.Id);
        var extracted = await TracedAsync("ingest.extract", target, () => ExtractAsync(document, progress, cancellationToken),
            (span, e) => span.SetTag(RagTelemetry.Pages, e.Pages.Count));
        var chunks = await TracedAsync("ingest.chunk", target, () => ChunkAsync(document, extracted, progress, cancellationToken),
            (span, c) => span.SetTag(RagTelemetry.Chunks, c.Count));

        if (semantic.TryGetIndex(out var index))
            await TracedAsync("ingest.embed", target, async () =>
            {
                await progress.StageAsync(IngestionStage.Embedding, chunks.Count, cancellationToken);
                await index.ReplaceDocumentAsync(document.CollectionId, document.Id, chunks, progress.Reporter(cancellationToken), cancellationToken);
                return chunks.Count;
            }, (span, n) => span.SetTag(RagTelemetry.Chunks, n));

        var stored = await TracedAsync("ingest.index", target, async () =>
        {
            await progress.StageAsync(IngestionStage.Indexing, chunks.Count, cancellationToken);
            await keywordIndex.ReplaceDocumentAsync(document.Id, chunks, cancellationToken);
            if (await StoreAsync(document, extracted, chunks, cancellationToken)) return true;
            await indexes.DeleteDocumentAsync(document.CollectionId, document.Id, CancellationToken.None); // deleted meanwhile
            return false;
        }, (span, _) => span.SetTag(RagTelemetry.Chunks, chunks.Count));
        return stored ? new IngestedDocument(extracted.Pages.Count, chunks.Count) : null;
    }

    private async Task<List<Chunk>> ChunkAsync(Document document, ExtractedDocument extracted, ProgressWriter progress, CancellationToken cancellationToken)
    {
        await progress.StageAsync(IngestionStage.Chunking, extracted.Pages.Count, cancellationToken);
        return chunker.Chunk(extracted)
            .Select((draft, i) => new Chunk
            {
                Id = Chunk.DeterministicId(document.Id, i),
                DocumentId = document.Id,
                CollectionId = document.CollectionId,
                Ordinal = i,
                Page = draft.Page,
                Start = draft.Start,
                End = draft.End,
                Text = draft.Text,
                Heading = draft.Heading,
            })
            .ToList();
    }

    private static async Task<T> TracedAsync<T>(string stage, IngestionTarget target, Func<Task<T>> work, Action<Activity, T> describe)
    {
        using var span = RagTelemetry.Source.StartActivity(stage);
        span?.SetTag(RagTelemetry.DocumentId, target.Document.Id).SetTag(RagTelemetry.Collection, target.Collection);
        try
        {
            var result = await work();
            if (span is not null) describe(span, result);
            return result;
        }
        catch (Exception e)
        {
            span.Fail(e);
            throw;
        }
    }

    private async Task<ExtractedDocument> ExtractAsync(Document document, ProgressWriter progress, CancellationToken cancellationToken)
    {
        var extractor = extractors.Find(document.ContentType)
            ?? throw new ExtractionException($"Files of type {document.ContentType} cannot be read yet.");
        if (!files.Exists(document.ContentHash))
            throw new ExtractionException("The original file is missing from storage; upload it again.");

        await progress.StageAsync(IngestionStage.Extracting, 0, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ExtractionTimeout);
        try
        {
            await using var stream = files.OpenRead(document.ContentHash);
            var reporter = progress.Reporter(timeout.Token);
            var extracted = Storable(await Task.Run(() => extractor.Extract(stream, reporter, timeout.Token), timeout.Token));
            if (extracted.Pages.All(p => !p.HasText))
                throw new ExtractionException("The document contains no text.");
            return extracted;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExtractionException($"Reading the document took longer than {options.ExtractionTimeout.TotalMinutes:0.#} minutes and was stopped.");
        }
    }

    private static ExtractedDocument Storable(ExtractedDocument extracted) =>
        new([.. extracted.Pages.Select(page => page with
        {
            Text = StorableText.Clean(page.Text),
            Sections = page.Sections?.Select(s => s with { Heading = StorableText.Clean(s.Heading) }).ToList(),
        })]);

    /// <summary>Replaces the document's chunks and marks it ready, in one transaction. False if the document was deleted.</summary>
    private async Task<bool> StoreAsync(Document document, ExtractedDocument extracted, List<Chunk> chunks, CancellationToken cancellationToken)
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

    /// <summary>Marks the document failed with a reason a person can act on, and removes what it left in the indexes.
    /// A document deleted meanwhile has no row left to mark; its deletion cleaned the vector index, and only the
    /// keyword index (where ingestion writes before it stores the rows) is cleaned again.</summary>
    public async Task MarkFailedAsync(Guid documentId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collectionId = await db.Documents.Where(d => d.Id == documentId).Select(d => (Guid?)d.CollectionId).SingleOrDefaultAsync(cancellationToken);
        if (collectionId is null)
        {
            await keywordIndex.DeleteDocumentAsync(documentId, CancellationToken.None);
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
