using Microsoft.EntityFrameworkCore;
using Rag.Core.Errors;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Documents;

/// <summary>Removes a document everywhere: database rows (chunks and job cascade), every index, and the original
/// file once no other document shares its content.</summary>
public sealed class DocumentDeletion(RagDbContext db, FileStore files, ChunkIndexes indexes)
{
    public async Task DeleteAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw RequestRejectedException.DocumentNotFound(documentId);
        db.Documents.Remove(document);
        await db.SaveChangesAsync(cancellationToken);

        // Searches only return chunks whose rows exist, so the document is gone from results already;
        // this clears the indexes themselves.
        await indexes.DeleteDocumentAsync(documentId, cancellationToken);
        if (!await db.Documents.AnyAsync(d => d.ContentHash == document.ContentHash, cancellationToken))
            files.Delete(document.ContentHash);
    }
}
