using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Errors;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Documents;

/// <summary>Removes documents everywhere: database rows (chunks and jobs cascade), every index, and originals that no
/// remaining document shares. The rows go first: searches only return chunks whose rows exist, so what is deleted
/// is gone from results at once; the index clean-up follows. Deleting a document needs write access to its collection;
/// deleting a whole collection needs an admin key.</summary>
public sealed class Deletions(RagDbContext db, ICallerAccess caller, FileStore files, ChunkIndexes indexes)
{
    public async Task DeleteDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw RequestRejectedException.DocumentNotFound(documentId);
        var collection = await db.Collections.AsNoTracking().SingleAsync(c => c.Id == document.CollectionId, cancellationToken);
        if (!caller.Current.CanRead(collection.Id)) throw RequestRejectedException.DocumentNotFound(documentId);
        caller.Current.EnsureCanWrite(collection);
        db.Documents.Remove(document);
        await db.SaveChangesAsync(cancellationToken);

        await indexes.DeleteDocumentAsync(document.CollectionId, documentId, cancellationToken);
        await files.DeleteUnusedAsync(db, [document.ContentHash], cancellationToken);
    }

    public async Task DeleteCollectionAsync(string name, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.SingleOrDefaultAsync(c => c.Name == name, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(name);
        caller.Current.EnsureCanRead(collection);
        caller.Current.EnsureAdmin("delete a collection");
        var hashes = await db.Documents.Where(d => d.CollectionId == collection.Id).Select(d => d.ContentHash).Distinct().ToListAsync(cancellationToken);
        db.Collections.Remove(collection);
        await db.SaveChangesAsync(cancellationToken);

        await indexes.DeleteCollectionAsync(collection.Id, cancellationToken);
        await files.DeleteUnusedAsync(db, hashes, cancellationToken);
    }
}
