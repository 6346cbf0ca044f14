using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Faults;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Documents;

/// <summary>Accepts uploaded files into a collection, judging each file on its own: every acceptable file is stored by
/// content hash, becomes a document and is queued for ingestion; each refused one is reported with its reason.
/// Limits of the request (file count, ingestion queue) refuse it whole, and so does a fault while storing (disk full,
/// database down), after removing what this request had written so that nothing is half-stored.</summary>
public sealed class DocumentUploads(RagDbContext db, ICallerAccess caller, FileStore files, ExtractorRegistry extractors, IngestionJobQueue queue,
    IngestionSignal signal, UploadOptions options, RagMetrics metrics)
{
    private sealed record Acceptable(int Index, string FileName, string ContentType, IncomingFile File);

    private sealed record StoredOriginal(int Index, string FileName, string ContentType, FileStore.StoredFile File);

    /// <summary>Stores the acceptable files into <paramref name="collection"/>, found (and the caller's right to write
    /// checked) by <see cref="TargetAsync"/>; returns one outcome per file, in the order they came.</summary>
    public async Task<IReadOnlyList<FileOutcome>> UploadAsync(Collection collection, IReadOnlyList<IncomingFile> incoming, CancellationToken cancellationToken)
    {
        RefuseBadCount(incoming.Count);
        var outcomes = new FileOutcome[incoming.Count];
        var acceptable = new List<Acceptable>();
        for (var i = 0; i < incoming.Count; i++)
        {
            var name = DisplayName(incoming[i].FileName);
            try
            {
                acceptable.Add(new Acceptable(i, name, ContentTypeOf(incoming[i], name), incoming[i]));
            }
            catch (RequestRejectedException refusal)
            {
                outcomes[i] = new FileOutcome(name, null, refusal);
            }
        }
        if (acceptable.Count == 0) return outcomes;
        await RefuseWhenQueueIsFullAsync(acceptable.Count, cancellationToken);

        var stored = new List<StoredOriginal>();
        try
        {
            foreach (var file in acceptable)
            {
                await using var content = file.File.Open();
                stored.Add(new StoredOriginal(file.Index, file.FileName, file.ContentType, await files.SaveAsync(content, cancellationToken)));
            }
            var accepted = await AddDocumentsAsync(collection, stored, cancellationToken);
            foreach (var (original, document) in stored.Zip(accepted)) outcomes[original.Index] = new FileOutcome(original.FileName, document, null);
        }
        catch
        {
            await DeleteWrittenAsync(stored);
            throw;
        }
        signal.Notify();
        return outcomes;
    }

    /// <summary>Removes the originals this request wrote and no document uses. Not cancellable: the client may be gone,
    /// but what it sent must not stay behind.</summary>
    private async Task DeleteWrittenAsync(List<StoredOriginal> stored)
    {
        try
        {
            await files.DeleteUnusedAsync(db, stored.Where(s => s.File.Created).Select(s => s.File.Hash).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (StorageFaults.Classify(e) is not null)
        {
            // Without the database it cannot be told whether another upload shares a file: keeping one is the safe error.
        }
    }

    /// <summary>The collection to upload into, if it exists and the caller may write to it.</summary>
    public async Task<Collection> TargetAsync(string collectionName, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == collectionName, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(collectionName);
        caller.Current.EnsureCanWrite(collection);
        return collection;
    }

    private async Task RefuseWhenQueueIsFullAsync(int arriving, CancellationToken cancellationToken)
    {
        var queued = await queue.CountPendingAsync(cancellationToken);
        if (queued + arriving <= options.MaxQueuedDocuments) return;
        metrics.Throttled.Add(1, new KeyValuePair<string, object?>(RagTelemetry.Reason, "ingestion_queue_full"));
        throw new RequestRejectedException(RejectionReason.Busy, "Ingestion queue full",
            $"{queued} documents are waiting to be processed (limit {options.MaxQueuedDocuments}); upload these {arriving} again shortly.");
    }

    private void RefuseBadCount(int count)
    {
        if (count == 0)
            throw new RequestRejectedException(RejectionReason.Invalid, "No file", "Send one or more files in the multipart form field 'file'.");
        if (count > options.MaxFilesPerRequest)
            throw new RequestRejectedException(RejectionReason.TooLarge, "Too many files", $"At most {options.MaxFilesPerRequest} files can be uploaded in one request; this one has {count}.");
    }

    private string ContentTypeOf(IncomingFile file, string name)
    {
        if (file.Length == 0)
            throw new RequestRejectedException(RejectionReason.Invalid, "Empty file", $"'{name}' is empty.");
        if (file.Length > options.MaxFileBytes)
            throw new RequestRejectedException(RejectionReason.TooLarge, "File too large", $"'{name}' is {Megabytes(file.Length)}; the limit is {Megabytes(options.MaxFileBytes)}.");

        string? contentType;
        using (var stream = file.Open()) contentType = ContentSniffer.Sniff(stream, name);
        if (contentType is null || extractors.Find(contentType) is null)
            throw new RequestRejectedException(RejectionReason.UnsupportedFormat, "Unsupported file type",
                $"'{name}' is not a supported file type{(contentType is null ? "" : $" ({contentType})")}. Supported: PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), CSV, HTML, Markdown (.md) and plain text (.txt).");
        return contentType;
    }

    /// <summary>Creates the documents and their ingestion jobs in one transaction; content already in the collection
    /// (or repeated within the request) yields the existing document instead of a copy.</summary>
    private async Task<List<AcceptedDocument>> AddDocumentsAsync(
        Collection collection, List<StoredOriginal> stored, CancellationToken cancellationToken, bool isRetry = false)
    {
        var hashes = stored.Select(s => s.File.Hash).Distinct().ToList();
        var known = await db.Documents.AsNoTracking()
            .Where(d => d.CollectionId == collection.Id && hashes.Contains(d.ContentHash))
            .ToDictionaryAsync(d => d.ContentHash, cancellationToken);
        var accepted = new List<AcceptedDocument>();
        foreach (var (_, fileName, contentType, file) in stored)
        {
            if (known.TryGetValue(file.Hash, out var existing))
            {
                accepted.Add(Accepted(existing, duplicate: true));
                continue;
            }
            var document = new Document
            {
                CollectionId = collection.Id,
                FileName = fileName,
                ContentType = contentType,
                SizeBytes = file.SizeBytes,
                ContentHash = file.Hash,
            };
            db.Documents.Add(document);
            db.IngestionJobs.Add(new IngestionJob { DocumentId = document.Id });
            known[file.Hash] = document;
            accepted.Add(Accepted(document, duplicate: false));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return accepted;
        }
        catch (DbUpdateException) when (!isRetry)
        {
            // The same content was uploaded concurrently: the other request's documents win.
            db.ChangeTracker.Clear();
            return await AddDocumentsAsync(collection, stored, cancellationToken, isRetry: true);
        }
    }

    private static AcceptedDocument Accepted(Document d, bool duplicate) => new(d.Id, d.FileName, d.Status.ToString().ToLowerInvariant(), duplicate);

    /// <summary>The name shown to people: never a path, no control characters, bounded length.</summary>
    public static string DisplayName(string? claimed)
    {
        var name = (claimed ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 255) name = name[^255..];
        return name.Length == 0 ? "untitled" : name;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
