using Microsoft.EntityFrameworkCore;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Errors;
using Rag.Infrastructure.Access;
using Rag.Infrastructure.Storage;

namespace Rag.Application.Access;

public sealed record NewApiKey(string? Name, bool Admin, IReadOnlyList<RequestedGrant> Collections);

/// <summary>Creating, listing and revoking API keys: admin only.</summary>
public sealed class ApiKeyManagement(RagDbContext db, ICallerAccess caller)
{
    public async Task<(ApiKeyInfo Key, string Secret)> CreateAsync(NewApiKey request, CancellationToken cancellationToken)
    {
        caller.Current.EnsureAdmin("manage API keys");
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
            throw new RequestRejectedException(RejectionReason.Invalid, "Invalid key name", "A key name is 1 to 100 printable characters.");
        if (!request.Admin && request.Collections.Count == 0)
            throw new RequestRejectedException(RejectionReason.Invalid, "No rights",
                "A key that is not admin needs at least one entry in 'collections' ({collection, access: read|write}).");

        var secret = ApiKeySecrets.NewSecret();
        var key = new ApiKey { Name = name, Prefix = ApiKeySecrets.DisplayPrefix(secret), SecretHash = ApiKeySecrets.Hash(secret), IsAdmin = request.Admin };
        var names = new Dictionary<Guid, string>();
        foreach (var grant in request.Collections)
        {
            var right = ParseRight(grant.Access);
            var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == grant.Collection, cancellationToken)
                ?? throw RequestRejectedException.CollectionNotFound(grant.Collection ?? "");
            if (!names.TryAdd(collection.Id, collection.Name))
                throw new RequestRejectedException(RejectionReason.Invalid, "Collection listed twice", $"'{collection.Name}' appears more than once in 'collections'.");
            key.Grants.Add(new ApiKeyGrant { CollectionId = collection.Id, Right = right });
        }
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (Describe(key, names), secret);
    }

    public async Task<List<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        caller.Current.EnsureAdmin("manage API keys");
        var keys = await db.ApiKeys.AsNoTracking().Include(k => k.Grants).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        var names = await db.Collections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return keys.Select(k => Describe(k, names)).ToList();
    }

    /// <summary>Revoking is final and idempotent; the configuration's admin key changes only through configuration.</summary>
    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        caller.Current.EnsureAdmin("manage API keys");
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new RequestRejectedException(RejectionReason.NotFound, "Key not found", $"There is no API key with id {id}.");
        if (key.FromConfiguration)
            throw new RequestRejectedException(RejectionReason.Conflict, "Configured key",
                "This admin key comes from configuration (Rag:Auth:AdminKey or admin-key.txt); change it there and restart.");
        key.RevokedAt ??= DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static CollectionAccess ParseRight(string? access) => access?.Trim().ToLowerInvariant() switch
    {
        "read" => CollectionAccess.Read,
        "write" => CollectionAccess.Write,
        _ => throw new RequestRejectedException(RejectionReason.Invalid, "Bad access", $"'access' must be 'read' or 'write', not '{access}'."),
    };

    private static ApiKeyInfo Describe(ApiKey key, IReadOnlyDictionary<Guid, string> collectionNames) => new(
        key.Id, key.Name, key.Prefix, key.IsAdmin, key.FromConfiguration,
        key.Grants.Select(g => new CollectionGrant(collectionNames[g.CollectionId], g.Right)).OrderBy(g => g.Collection).ToList(),
        key.CreatedAt, key.RevokedAt);
}
