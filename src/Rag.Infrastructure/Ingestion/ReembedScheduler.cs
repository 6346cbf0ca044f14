using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Ingestion;

/// <summary>When the configured embedding model differs from the one a collection was built with, queues all of the
/// collection's documents again; they are embedded into the new model's own index, and the collection switches to
/// the new model once the last one is done (until then vector search on it is refused, keyword search works).
/// Collections built without any model (keyword only) are embedded the same way; hybrid search uses their vectors
/// as documents finish.</summary>
public sealed class ReembedScheduler(IDbContextFactory<RagDbContext> contexts, IngestionJobQueue queue, IngestionSignal signal, SemanticSearch semantic)
{
    /// <summary>Returns the names of the collections scheduled for re-embedding.</summary>
    public async Task<IReadOnlyList<string>> ScheduleAsync(CancellationToken cancellationToken)
    {
        if (!semantic.TryGetIndex(out var index)) return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = await db.Collections.AsNoTracking()
            .Where(c => c.EmbeddingFingerprint == null || c.EmbeddingFingerprint != index.Fingerprint)
            .ToListAsync(cancellationToken);
        var scheduled = new List<string>();
        foreach (var collection in stale)
        {
            var documents = await db.Documents.Where(d => d.CollectionId == collection.Id && d.Status == DocumentStatus.Ready)
                .Select(d => d.Id).ToListAsync(cancellationToken);
            foreach (var id in documents) await queue.EnqueueAsync(id, cancellationToken);
            if (documents.Count > 0)
                scheduled.Add(collection.Name);
            else if (collection.EmbeddingFingerprint is not null)
                await db.Collections.Where(c => c.Id == collection.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.EmbeddingFingerprint, index.Fingerprint), cancellationToken);
        }
        if (scheduled.Count > 0) signal.Notify();
        return scheduled;
    }
}
