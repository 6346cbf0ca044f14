using Microsoft.EntityFrameworkCore;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Collections;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Collections;

/// <summary>Collections as the caller may see them: only readable ones are listed or shown (others are "not found"),
/// and only an admin key creates them, since a new collection is readable by no other key until one is granted.</summary>
public sealed class CollectionCatalog(RagDbContext db, ICallerAccess caller)
{
    public async Task<CollectionInfo> CreateAsync(string? requestedName, CancellationToken cancellationToken)
    {
        caller.Current.EnsureAdmin("create collections");
        var name = CollectionNames.Normalize(requestedName);
        if (await db.Collections.AnyAsync(c => c.Name == name, cancellationToken))
            throw new RequestRejectedException(RejectionReason.Conflict, "Collection exists", $"A collection named '{name}' already exists.");

        var collection = new Collection { Name = name };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(cancellationToken);
        return new CollectionInfo(name, collection.CreatedAt, 0);
    }

    public async Task<List<CollectionInfo>> ListAsync(CancellationToken cancellationToken) =>
        await Summaries(caller.Current.Readable(db.Collections.AsNoTracking())).ToListAsync(cancellationToken);

    public async Task<CollectionInfo> GetAsync(string name, CancellationToken cancellationToken) =>
        await Summaries(caller.Current.Readable(db.Collections.AsNoTracking()).Where(c => c.Name == name)).SingleOrDefaultAsync(cancellationToken)
        ?? throw RequestRejectedException.CollectionNotFound(name);

    private IQueryable<CollectionInfo> Summaries(IQueryable<Collection> collections) =>
        collections.OrderBy(c => c.Name)
            .Select(c => new CollectionInfo(c.Name, c.CreatedAt, db.Documents.Count(d => d.CollectionId == c.Id)));
}
