namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>Connection and collection settings for Qdrant (<c>Rag:VectorStore:Qdrant</c>).</summary>
public sealed class QdrantOptions
{
    public const string NoQuantization = "none";
    public const string ScalarInt8 = "int8";

    /// <summary>Qdrant's REST port. A <see cref="Url"/> on it means the same server's gRPC port, <see cref="GrpcPort"/>.</summary>
    public const int RestPort = 6333;

    /// <summary>Qdrant's gRPC port, the one this adapter talks to.</summary>
    public const int GrpcPort = 6334;

    /// <summary>Qdrant's gRPC endpoint (<c>http://host:6334</c>; <c>https</c> for TLS). A URL on the REST port 6333 is
    /// taken to mean the same server's gRPC port 6334, so REST-style settings keep working.</summary>
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>Sent as the <c>api-key</c> metadata of every call when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>none</c> or <c>int8</c> (scalar quantization, kept in RAM; originals rescore the candidates).</summary>
    public string Quantization { get; set; } = NoQuantization;

    /// <summary>Start of every Qdrant collection name this service owns, so one Qdrant can serve several deployments.</summary>
    public string CollectionPrefix { get; set; } = "rag";

    /// <summary>Deadline of each attempt of each call (a gRPC deadline, which Qdrant sees too).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further attempts after a transient failure (gRPC Unavailable, DeadlineExceeded, ResourceExhausted, Internal).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Points per upsert request.</summary>
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Typical number of terms in a chunk, for BM25's length normalisation of the sparse vectors.</summary>
    public double AverageChunkTerms { get; set; } = 128;

    /// <summary>The gRPC address to connect to: <see cref="Url"/>, with the REST port 6333 replaced by the gRPC port 6334.</summary>
    public Uri GrpcAddress()
    {
        var uri = new Uri(Url, UriKind.Absolute);
        return uri.Port == RestPort ? new UriBuilder(uri) { Port = GrpcPort }.Uri : uri;
    }

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
