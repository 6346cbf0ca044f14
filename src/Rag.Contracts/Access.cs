namespace Rag.Contracts;

/// <summary>What a key may do in a collection; Write implies Read.</summary>
public enum CollectionAccess { Read, Write }

public sealed record CollectionGrant(string Collection, CollectionAccess Access);

/// <summary>GET /api/auth/me: who the caller is and what it may do.</summary>
public sealed record Caller(string Name, bool Admin, IReadOnlyList<CollectionGrant> Collections, bool AuthEnabled)
{
    /// <summary>Whether the key may upload to and delete from <paramref name="collection"/>.</summary>
    public bool CanWrite(string collection) =>
        Admin || Collections.Any(g => g.Collection == collection && g.Access == CollectionAccess.Write);
}

/// <summary>Access: "read" or "write".</summary>
public sealed record RequestedGrant(string? Collection, string? Access);

public sealed record CreateKeyBody(string? Name, bool? Admin, List<RequestedGrant>? Collections);

public sealed record ApiKeyInfo(Guid Id, string Name, string Prefix, bool Admin, bool FromConfiguration,
    IReadOnlyList<CollectionGrant> Collections, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The secret is in the creation response and nowhere else.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, bool Admin, IReadOnlyList<CollectionGrant> Collections,
    DateTimeOffset CreatedAt, string Secret);
