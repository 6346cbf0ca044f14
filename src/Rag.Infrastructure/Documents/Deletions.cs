using Microsoft.EntityFrameworkCore;
using Rag.Core.Errors;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Documents;

/// <summary>Removes documents everywhere: database rows (chunks and jobs cascade), every index, and originals that no
/// remaining document shares. The rows go first: searches only return chunks whose rows exist, so what is deleted
/// is gone from results at once; the index clean-up follows.</summary>
public sealed class Deletions(RagDbContext db, FileStore files, ChunkIndexes indexes)
{
    public async Task DeleteDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw RequestRejectedException.DocumentNotFound(documentId);
        db.Documents.Remove(document);
        await db.SaveChangesAsync(cancellationToken);

        await indexes.DeleteDocumentAsync(documentId, cancellationToken);
        await DeleteUnusedFilesAsync([document.ContentHash], cancellationToken);
    }

    public async Task DeleteCollectionAsync(string name, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.SingleOrDefaultAsync(c => c.Name == name, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(name);
        var hashes = await db.Documents.Where(d => d.CollectionId == collection.Id).Select(d => d.ContentHash).Distinct().ToListAsync(cancellationToken);
        db.Collections.Remove(collection);
        await db.SaveChangesAsync(cancellationToken);

        await indexes.DeleteCollectionAsync(collection.Id, cancellationToken);
        await DeleteUnusedFilesAsync(hashes, cancellationToken);
    }

    private async Task DeleteUnusedFilesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var stillUsed = await db.Documents.Where(d => hashes.Contains(d.ContentHash)).Select(d => d.ContentHash).ToListAsync(cancellationToken);
        foreach (var hash in hashes.Except(stillUsed)) files.Delete(hash);
    }
}
