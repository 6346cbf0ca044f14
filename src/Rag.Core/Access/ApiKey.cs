using Rag.Contracts;

namespace Rag.Core.Access;

/// <summary>A credential for the HTTP API. Only the SHA-256 of the secret is stored; the secret is shown once, at creation.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }

    /// <summary>The first characters of the secret, for telling keys apart in lists; not enough to use it.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lowercase hex SHA-256 of the secret.</summary>
    public required string SecretHash { get; set; }

    public bool IsAdmin { get; set; }

    /// <summary>The admin key taken from configuration (Rag:Auth:AdminKey or the generated admin-key.txt): replaced
    /// when the configured key changes, and not revocable through the API.</summary>
    public bool FromConfiguration { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? RevokedAt { get; set; }

    public List<ApiKeyGrant> Grants { get; set; } = [];
}

/// <summary>A non-admin key's right on one collection.</summary>
public sealed class ApiKeyGrant
{
    public Guid ApiKeyId { get; set; }
    public Guid CollectionId { get; set; }
    public CollectionAccess Right { get; set; }
}
