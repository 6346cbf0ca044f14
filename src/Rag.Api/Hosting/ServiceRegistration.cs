using Microsoft.Extensions.DependencyInjection.Extensions;
using Rag.Api.Access;
using Rag.Api.Endpoints;
using Rag.Api.Ingestion;
using Rag.Core.Answering;
using Rag.Core.Chunking;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.Collections;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Documents;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Keyword;
using Rag.Infrastructure.Maintenance;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;
using Rag.Infrastructure.Vectors.Qdrant;
using Rag.Onnx.Embedding;
using Rag.Onnx.Generation;

namespace Rag.Api.Hosting;

public static class ServiceRegistration
{
    /// <summary>Everything the service needs, chosen by configuration (section "Rag").</summary>
    public static IServiceCollection AddRagServices(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Rag");
        var dataDirectory = Path.GetFullPath(section.GetValue<string>("DataDirectory") ?? "data");
        Directory.CreateDirectory(dataDirectory);

        services.AddRagStorage(configuration, dataDirectory);
        services.AddMetrics();
        services.AddSingleton<RagMetrics>();
        services.AddSingleton(new FileStore(Path.Combine(dataDirectory, "files")));
        services.AddSingleton<IKeywordIndex>(_ => new LuceneKeywordIndex(Path.Combine(dataDirectory, "keyword")));
        AddEmbedding(services, section, dataDirectory);
        services.AddSingleton<ChunkIndexes>();
        services.AddSingleton<ConsistencyCheck>();

        var upload = section.GetSection("Upload").Get<UploadOptions>() ?? new UploadOptions();
        services.AddSingleton(upload);
        services.AddSingleton(ExtractorRegistry.CreateDefault(new PdfLimits(upload.MaxPages, upload.MaxDecodedStreamBytes)));
        services.AddSingleton(section.GetSection("Chunking").Get<ChunkingOptions>() ?? new ChunkingOptions());
        var tokenizerPath = section.GetValue<string>("Chunking:TokenizerPath");
        services.TryAddSingleton<ITokenCounter>(_ => string.IsNullOrWhiteSpace(tokenizerPath)
            ? new ApproximateTokenCounter()
            : WordPieceTokenCounter.FromTokenizerFolder(tokenizerPath));
        services.AddSingleton<TextChunker>();

        services.AddSingleton(section.GetSection("Ingestion").Get<IngestionOptions>() ?? new IngestionOptions());
        services.AddSingleton<IngestionSignal>();
        services.AddSingleton<DocumentIngestor>();
        services.AddSingleton<ReembedScheduler>();
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<IngestionWorker>();

        services.AddRagAccess(configuration, dataDirectory);
        services.AddScoped<CollectionCatalog>();
        services.AddScoped<DocumentQueries>();
        services.AddScoped<DocumentUploads>();
        services.AddScoped<Deletions>();
        services.AddSingleton(section.GetSection("Query").Get<QueryOptions>() ?? new QueryOptions());
        services.AddScoped<SearchService>();
        services.AddSingleton<ExtractiveAnswerer>();
        AddLlm(services, section.GetSection("Llm"));
        services.AddScoped<AskService>();
        services.AddSingleton<IProblemDetailsWriter, EventStreamProblemWriter>();
        return services;
    }

    /// <summary>Rag:Llm:Provider picks the chat model that writes answers: none (extractive answers), onnx (local
    /// decoder from Rag:Llm:ModelPath) or openai (any OpenAI-compatible server at Rag:Llm:Endpoint).</summary>
    private static void AddLlm(IServiceCollection services, IConfigurationSection section)
    {
        var options = section.Get<LlmOptions>() ?? new LlmOptions();
        services.AddSingleton(options);
        services.AddSingleton(new RelevanceFloor(options.MinimumTermCoverage));
        services.AddSingleton<QuestionRewriter>();
        switch (options.Provider)
        {
            case LlmProvider.OpenAI:
                services.AddSingleton(_ => OpenAiChatClient.Create(options));
                break;
            case LlmProvider.Onnx:
                services.AddOnnxChatClient(section.Get<DecoderOptions>() ?? new DecoderOptions());
                break;
        }
    }

    /// <summary>With Rag:Embedding:ModelPath set: the ONNX encoder (which also sizes chunks with its tokenizer) and
    /// a vector index of its own, named by the model's fingerprint, on local disk or in Qdrant (Rag:VectorStore).</summary>
    private static void AddEmbedding(IServiceCollection services, IConfigurationSection rag, string dataDirectory)
    {
        var options = rag.GetSection("Embedding").Get<EncoderOptions>();
        if (string.IsNullOrWhiteSpace(options?.ModelPath)) return;
        var store = rag.GetSection("VectorStore").Get<VectorStoreOptions>() ?? new VectorStoreOptions();
        var provider = store.Provider.Trim().ToLowerInvariant();
        if (provider == VectorStoreOptions.QdrantProvider)
            store.Qdrant.Validate();
        else if (provider != VectorStoreOptions.EmbeddedProvider)
            throw new InvalidOperationException(
                $"{VectorStoreOptions.SectionName}:Provider '{store.Provider}' is not supported; use '{VectorStoreOptions.EmbeddedProvider}' or '{VectorStoreOptions.QdrantProvider}'.");

        services.AddOnnxSentenceEncoder(options);
        services.AddSingleton<IVectorIndex>(sp =>
        {
            var encoder = sp.GetRequiredService<OnnxSentenceEncoder>();
            return provider == VectorStoreOptions.QdrantProvider
                ? QdrantVectorIndex.Connect(store.Qdrant, encoder.Fingerprint, encoder.Dimensions)
                : new EmbeddedVectorIndex(Path.Combine(dataDirectory, "vectors", encoder.Fingerprint), encoder.Dimensions);
        });
        services.AddSingleton(sp =>
        {
            var encoder = sp.GetRequiredService<OnnxSentenceEncoder>();
            var ingestion = sp.GetRequiredService<IngestionOptions>();
            return new EmbeddingBatcher(encoder, encoder.CreateTokenCounter(), ingestion.EmbedBatchTokens, ingestion.EmbedBatchWait);
        });
        services.AddSingleton(sp => new SemanticIndex(sp.GetRequiredService<OnnxSentenceEncoder>(), sp.GetRequiredService<EmbeddingBatcher>(),
            sp.GetRequiredService<IVectorIndex>(), sp.GetRequiredService<OnnxSentenceEncoder>().Fingerprint));
    }
}
