namespace Rag.Web.Api;

// The JSON shapes of the key management and caller routes (/api/keys, /api/auth/me), as the UI reads them.

public enum CollectionAccess { Read, Write }

public sealed record CollectionGrant(string Collection, CollectionAccess Access);

public sealed record Caller(string Name, bool Admin, IReadOnlyList<CollectionGrant> Collections, bool AuthEnabled)
{
    /// <summary>Whether the key may upload to and delete from <paramref name="collection"/> (else the UI hides those controls).</summary>
    public bool CanWrite(string collection) =>
        Admin || Collections.Any(g => g.Collection == collection && g.Access == CollectionAccess.Write);
}

public sealed record ApiKeyInfo(Guid Id, string Name, string Prefix, bool Admin, bool FromConfiguration,
    IReadOnlyList<CollectionGrant> Collections, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, bool Admin, IReadOnlyList<CollectionGrant> Collections,
    DateTimeOffset CreatedAt, string Secret);
