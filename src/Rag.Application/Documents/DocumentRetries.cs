using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Documents;

/// <summary>Sends a failed document through ingestion again (after a fix to the service, or a passing fault); its
/// original is still stored. Needs write access to its collection.</summary>
public sealed class DocumentRetries(RagDbContext db, ICallerAccess caller, IngestionJobQueue queue, IngestionSignal signal)
{
    /// <summary>The document as re-queued, with its collection's name.</summary>
    public async Task<(Document Document, string Collection)> RetryAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw RequestRejectedException.DocumentNotFound(documentId);
        var collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == document.CollectionId, cancellationToken);
        if (!caller.Current.CanRead(collection.Id)) throw RequestRejectedException.DocumentNotFound(documentId);
        caller.Current.EnsureCanWrite(collection);

        // Only the request that finds it still failed re-queues it, so two retries at once queue it once.
        var reset = await db.Documents.Where(d => d.Id == documentId && d.Status == DocumentStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DocumentStatus.Queued)
                .SetProperty(d => d.Stage, IngestionStage.Queued)
                .SetProperty(d => d.Error, (string?)null)
                .SetProperty(d => d.ProgressDone, 0)
                .SetProperty(d => d.ProgressTotal, 0)
                .SetProperty(d => d.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken);
        if (reset == 0)
            throw new RequestRejectedException(RejectionReason.Conflict, "Document is not failed",
                $"Only a failed document can be retried; '{document.FileName}' is {document.Status.ToString().ToLowerInvariant()}.");
        var queued = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == documentId, cancellationToken);
        await queue.EnqueueAsync(documentId, cancellationToken);
        signal.Notify();
        return (queued, collection.Name);
    }
}
