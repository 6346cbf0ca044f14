using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Collections;

public sealed record CollectionSummary(string Name, DateTimeOffset CreatedAt, int DocumentCount);

/// <summary>Collections as the caller may see them: only readable ones are listed or shown (others are "not found"),
/// and only an admin key creates them, since a new collection is readable by no other key until one is granted.</summary>
public sealed class CollectionCatalog(RagDbContext db, ICallerAccess caller)
{
    public async Task<CollectionSummary> CreateAsync(string? requestedName, CancellationToken cancellationToken)
    {
        caller.Current.EnsureAdmin("create collections");
        var name = CollectionNames.Normalize(requestedName);
        if (await db.Collections.AnyAsync(c => c.Name == name, cancellationToken))
            throw new RequestRejectedException(RejectionReason.Conflict, "Collection exists", $"A collection named '{name}' already exists.");

        var collection = new Collection { Name = name };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(cancellationToken);
        return new CollectionSummary(name, collection.CreatedAt, 0);
    }

    public async Task<List<CollectionSummary>> ListAsync(CancellationToken cancellationToken) =>
        await Summaries(caller.Current.Readable(db.Collections.AsNoTracking())).ToListAsync(cancellationToken);

    public async Task<CollectionSummary> GetAsync(string name, CancellationToken cancellationToken) =>
        await Summaries(caller.Current.Readable(db.Collections.AsNoTracking()).Where(c => c.Name == name)).SingleOrDefaultAsync(cancellationToken)
        ?? throw RequestRejectedException.CollectionNotFound(name);

    private IQueryable<CollectionSummary> Summaries(IQueryable<Collection> collections) =>
        collections.OrderBy(c => c.Name)
            .Select(c => new CollectionSummary(c.Name, c.CreatedAt, db.Documents.Count(d => d.CollectionId == c.Id)));
}
