namespace Rag.Core.Domain;

/// <summary>A named set of documents that are searched together.</summary>
public sealed class Collection
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Fingerprint of the embedding model whose vectors this collection holds; null until first embedded.</summary>
    public string? EmbeddingFingerprint { get; set; }
}
