using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Documents;

/// <summary>Reads documents and their chunks for the caller. A document in a collection the caller may not read is
/// "not found", exactly like one that does not exist.</summary>
public sealed class DocumentQueries(RagDbContext db, ICallerAccess caller)
{
    public async Task<(Collection Collection, List<Document> Documents)> ListAsync(string collectionName, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == collectionName, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(collectionName);
        caller.Current.EnsureCanRead(collection);
        var documents = await db.Documents.AsNoTracking().Where(d => d.CollectionId == collection.Id).ToListAsync(cancellationToken);
        return (collection, documents.OrderBy(d => d.CreatedAt).ToList());
    }

    /// <summary>The document with the name of its collection.</summary>
    public async Task<(Document Document, string Collection)> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Documents.AsNoTracking().Where(d => d.Id == id)
            .Join(db.Collections, d => d.CollectionId, c => c.Id, (d, c) => new { Document = d, Collection = c.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || !caller.Current.CanRead(row.Document.CollectionId)) throw RequestRejectedException.DocumentNotFound(id);
        return (row.Document, row.Collection);
    }

    public async Task<List<Chunk>> ChunksAsync(Guid id, int offset, int limit, CancellationToken cancellationToken)
    {
        await GetAsync(id, cancellationToken);
        return await db.Chunks.AsNoTracking().Where(c => c.DocumentId == id).OrderBy(c => c.Ordinal)
            .Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 1000))
            .ToListAsync(cancellationToken);
    }
}
