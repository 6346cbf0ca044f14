using Rag.Core.Chunking;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Vectors;
using Rag.Infrastructure.Vectors.Qdrant;
using Rag.Onnx.Embedding;

namespace Rag.Api.Hosting;

/// <summary>The sentence encoder, the vector store its vectors live in, and what is built on both: the
/// <see cref="SemanticSearch"/> capability and the token counter that sizes chunks.</summary>
public static class EmbeddingRegistration
{
    /// <summary>The encoder Rag:Embedding chooses (by default the bundled one), unpacked under the data directory.</summary>
    public static IServiceCollection AddOnnxEncoder(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = services.AddSettings<EncoderOptions>(configuration, "Rag:Embedding");
        return services.AddOnnxEncoder(options, Path.Combine(dataDirectory, "models", "embedding"));
    }

    /// <summary>Vectors in files under &lt;DataDirectory&gt;/vectors/&lt;fingerprint&gt; (tuning: Rag:VectorStore:Embedded).</summary>
    public static IServiceCollection AddEmbeddedVectorIndex(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = services.AddSettings<EmbeddedVectorIndexOptions>(configuration, "Rag:VectorStore:Embedded");
        return services.AddSingleton<VectorIndexOpener>((fingerprint, dimensions) =>
            new EmbeddedVectorIndex(Path.Combine(dataDirectory, "vectors", fingerprint), dimensions, options));
    }

    /// <summary>Vectors in Qdrant (Rag:VectorStore:Qdrant), one Qdrant collection per collection and model.</summary>
    public static IServiceCollection AddQdrantVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<QdrantOptions>(configuration, "Rag:VectorStore:Qdrant");
        options.Validate();
        return services.AddSingleton<VectorIndexOpener>(sp => (fingerprint, dimensions) =>
            new QdrantVectorIndex(options, fingerprint, dimensions, sp.GetRequiredService<ILoggerFactory>()));
    }

    /// <summary>The <see cref="SemanticSearch"/> capability: the encoder's vectors in the opened index when an encoder
    /// runs, "unavailable" with the reason otherwise; and the token counter that sizes chunks
    /// (Rag:Chunking:TokenizerPath when set, else the encoder's tokenizer, else an approximate count). Sentence vectors
    /// live under &lt;DataDirectory&gt;/sentence-vectors, whichever store holds the passages'.</summary>
    public static IServiceCollection AddSemanticSearch(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(sp =>
        {
            var provider = sp.GetRequiredService<EmbeddingModelProvider>();
            if (provider.Encoder is not { } encoder) return SemanticSearch.Unavailable(provider.Status);
            var ingestion = sp.GetRequiredService<IngestionOptions>();
            var batcher = new EmbeddingBatcher(encoder, encoder.CreateTokenCounter(), ingestion.EmbedBatchTokens, ingestion.EmbedBatchWait);
            var index = sp.GetRequiredService<VectorIndexOpener>()(encoder.Fingerprint, encoder.Dimensions);
            var sentences = new SentenceVectorStore(Path.Combine(dataDirectory, "sentence-vectors", encoder.Fingerprint + ".bin"), encoder.Dimensions);
            return new SemanticSearch(provider.Status, new SemanticIndex(encoder, batcher, index, sentences, encoder.Fingerprint,
                sp.GetRequiredService<ILogger<SemanticIndex>>()));
        });
        services.AddSingleton<ITokenCounter>(sp =>
        {
            var chunking = sp.GetRequiredService<ChunkingOptions>();
            if (!string.IsNullOrWhiteSpace(chunking.TokenizerPath)) return WordPieceTokenCounter.FromTokenizerFolder(chunking.TokenizerPath);
            return sp.GetRequiredService<EmbeddingModelProvider>().Encoder?.CreateTokenCounter() ?? (ITokenCounter)new ApproximateTokenCounter();
        });
        return services;
    }
}
