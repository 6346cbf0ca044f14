using Microsoft.EntityFrameworkCore;
using Rag.Core.Errors;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Documents;

/// <summary>Removes a collection with all its documents, chunks, index entries and unshared originals.</summary>
public sealed class CollectionDeletion(RagDbContext db, FileStore files, ChunkIndexes indexes)
{
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.SingleOrDefaultAsync(c => c.Name == name, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(name);
        var hashes = await db.Documents.Where(d => d.CollectionId == collection.Id).Select(d => d.ContentHash).Distinct().ToListAsync(cancellationToken);
        db.Collections.Remove(collection);
        await db.SaveChangesAsync(cancellationToken);

        await indexes.DeleteCollectionAsync(collection.Id, cancellationToken);
        var stillUsed = await db.Documents.Where(d => hashes.Contains(d.ContentHash)).Select(d => d.ContentHash).ToListAsync(cancellationToken);
        foreach (var hash in hashes.Except(stillUsed)) files.Delete(hash);
    }
}
