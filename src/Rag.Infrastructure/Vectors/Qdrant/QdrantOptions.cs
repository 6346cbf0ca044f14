namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>Connection and collection settings for Qdrant (<c>Rag:VectorStore:Qdrant</c>).</summary>
public sealed class QdrantOptions
{
    public const string NoQuantization = "none";
    public const string ScalarInt8 = "int8";

    /// <summary>REST endpoint (port 6333 by default), not the gRPC one.</summary>
    public string Url { get; set; } = "http://localhost:6333";

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>none</c> or <c>int8</c> (scalar quantization, kept in RAM; originals rescore the candidates).</summary>
    public string Quantization { get; set; } = NoQuantization;

    /// <summary>Start of every Qdrant collection name this service owns, so one Qdrant can serve several deployments.</summary>
    public string CollectionPrefix { get; set; } = "rag";

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further attempts after a transient failure (5xx, 429, timeout, connection error).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Points per upsert request.</summary>
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Typical number of terms in a chunk, for BM25's length normalisation of the sparse vectors.</summary>
    public double AverageChunkTerms { get; set; } = 128;

    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Rag:VectorStore:Qdrant:Url must be an absolute http(s) URL, not '{Url}'.");
        if (Quantization is not (NoQuantization or ScalarInt8))
            throw new InvalidOperationException($"Rag:VectorStore:Qdrant:Quantization must be '{NoQuantization}' or '{ScalarInt8}', not '{Quantization}'.");
        if (string.IsNullOrEmpty(CollectionPrefix) || !CollectionPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new InvalidOperationException($"Rag:VectorStore:Qdrant:CollectionPrefix must be ASCII letters, digits, '-' or '_', not '{CollectionPrefix}'.");
        if (RequestTimeout <= TimeSpan.Zero || MaxRetries < 0 || InitialBackoff < TimeSpan.Zero || UpsertBatchSize < 1 || AverageChunkTerms <= 0)
            throw new InvalidOperationException("Rag:VectorStore:Qdrant: RequestTimeout, UpsertBatchSize and AverageChunkTerms must be positive; MaxRetries and InitialBackoff not negative.");
    }
}
