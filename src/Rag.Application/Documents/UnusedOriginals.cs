using Microsoft.EntityFrameworkCore;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Documents;

public static class UnusedOriginals
{
    /// <summary>Deletes the originals among <paramref name="hashes"/> that no document refers to any more
    /// (identical content is stored once and may be shared by documents of several collections).</summary>
    public static async Task DeleteUnusedAsync(this FileStore files, RagDbContext db, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0) return;
        var stillUsed = await db.Documents.Where(d => hashes.Contains(d.ContentHash)).Select(d => d.ContentHash).ToListAsync(cancellationToken);
        foreach (var hash in hashes.Except(stillUsed)) files.Delete(hash);
    }
}
