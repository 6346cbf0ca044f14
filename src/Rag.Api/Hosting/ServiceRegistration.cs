using Microsoft.Extensions.AI;
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
using Rag.Infrastructure.ModelDownload;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;
using Rag.Infrastructure.Vectors.Qdrant;
using Rag.Onnx.Embedding;
using Rag.Onnx.Generation;

namespace Rag.Api.Hosting;

public static class ServiceRegistration
{
    /// <summary>The HttpClient (IHttpClientFactory) that fetches the first-run LLM from the Hub.</summary>
    public const string HubClient = "model-download";

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
        AddLlm(services, section.GetSection("Llm"), dataDirectory);
        services.AddScoped<AskService>();
        services.AddSingleton<IProblemDetailsWriter, EventStreamProblemWriter>();
        return services;
    }

    /// <summary>Rag:Llm:Provider picks the chat model that writes answers, held in the <see cref="LlmSlot"/>: auto (the
    /// default: the pinned model of Rag:Llm:Download, fetched in the background into &lt;DataDirectory&gt;/models/llm),
    /// none (extractive answers), onnx (local decoder from Rag:Llm:ModelPath) or openai (any OpenAI-compatible server
    /// at Rag:Llm:Endpoint).</summary>
    private static void AddLlm(IServiceCollection services, IConfigurationSection section, string dataDirectory)
    {
        var options = section.Get<LlmOptions>() ?? new LlmOptions();
        services.AddSingleton(options);
        services.AddSingleton(new RelevanceFloor(options.MinimumTermCoverage));
        services.AddSingleton<QuestionRewriter>();
        var decoder = section.Get<DecoderOptions>() ?? new DecoderOptions();
        switch (options.Provider)
        {
            case LlmProvider.Auto:
                var download = section.GetSection("Download").Get<ModelDownloadOptions>() ?? new ModelDownloadOptions();
                services.AddSingleton(download);
                services.AddSingleton(new LlmSlot(new LlmStatus(LlmState.Downloading, FirstRunLlm.Provider, FirstRunLlm.ModelName(download))));
                services.AddHttpClient(HubClient, http => http.BaseAddress = download.HubAddress)
                    .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
                    .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                    .AddStandardResilienceHandler(o =>
                    {
                        // Until the response headers only: the body is read afterwards, under HubDownloader's own stall
                        // timeout and Range resumes. Retried requests carry the same Range, so nothing is written twice.
                        o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(100);
                        o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
                        o.CircuitBreaker.SamplingDuration = 2 * o.AttemptTimeout.Timeout;
                    });
                services.AddSingleton(sp => new HubDownloader(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HubClient), download,
                    sp.GetRequiredService<ILogger<HubDownloader>>()));
                services.AddHostedService(sp => new FirstRunLlm(sp.GetRequiredService<HubDownloader>(), download, decoder,
                    sp.GetRequiredService<LlmSlot>(), Path.Combine(dataDirectory, "models", "llm"), sp.GetRequiredService<ILoggerFactory>()));
                break;
            case LlmProvider.OpenAI:
                services.AddHttpClient(OpenAiChatClient.HttpClientName)
                    .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
                    .SetHandlerLifetime(Timeout.InfiniteTimeSpan) // held by the chat client for the life of the service
                    .AddStandardResilienceHandler(o =>
                    {
                        // The defaults (10 s a try, 30 s in all) would cut a slow model's answer; these time the wait for the
                        // reply to begin (streamed) or be complete (not streamed), not the stream itself.
                        o.AttemptTimeout.Timeout = options.Timeout;
                        o.TotalRequestTimeout.Timeout = options.Timeout;
                        o.CircuitBreaker.SamplingDuration = 2 * options.Timeout;
                    });
                services.AddSingleton(sp => new LlmSlot(new LlmStatus(LlmState.Ready, "openai", options.Model), OpenAiChatClient.Create(options,
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiChatClient.HttpClientName), sp.GetRequiredService<ILoggerFactory>())));
                break;
            case LlmProvider.Onnx:
                services.AddOnnxChatClient(decoder);
                services.AddSingleton(sp => new LlmSlot(new LlmStatus(LlmState.Ready, "onnx", decoder.ModelPath), sp.GetRequiredService<IChatClient>()));
                break;
            default:
                services.AddSingleton(new LlmSlot(new LlmStatus(LlmState.Disabled, "none", null, "Rag:Llm:Provider is none.")));
                break;
        }
    }

    /// <summary>The ONNX encoder that Rag:Embedding chooses (by default the bundled one), which also sizes chunks with
    /// its tokenizer, and a vector index of its own, named by the model's fingerprint, on local disk or in Qdrant
    /// (Rag:VectorStore). Without a running encoder (switched off, or failed to load) the encoder, the vector index and
    /// the semantic index resolve to null, chunks are sized by Rag:Chunking:TokenizerPath or approximately, and
    /// retrieval runs on keywords.</summary>
    private static void AddEmbedding(IServiceCollection services, IConfigurationSection rag, string dataDirectory)
    {
        var options = rag.GetSection("Embedding").Get<EncoderOptions>() ?? new EncoderOptions();
        var store = rag.GetSection("VectorStore").Get<VectorStoreOptions>() ?? new VectorStoreOptions();
        var provider = store.Provider.Trim().ToLowerInvariant();
        if (provider == VectorStoreOptions.QdrantProvider)
            store.Qdrant.Validate();
        else if (provider != VectorStoreOptions.EmbeddedProvider)
            throw new InvalidOperationException(
                $"{VectorStoreOptions.SectionName}:Provider '{store.Provider}' is not supported; use '{VectorStoreOptions.EmbeddedProvider}' or '{VectorStoreOptions.QdrantProvider}'.");

        services.AddOnnxSentenceEncoder(options, Path.Combine(dataDirectory, "models", "embedding"));
        services.AddSingleton<IVectorIndex>(sp => sp.GetService<OnnxSentenceEncoder>() is not { } encoder ? null!
            : provider == VectorStoreOptions.QdrantProvider
                ? new QdrantVectorIndex(store.Qdrant, encoder.Fingerprint, encoder.Dimensions)
                : new EmbeddedVectorIndex(Path.Combine(dataDirectory, "vectors", encoder.Fingerprint), encoder.Dimensions));
        services.AddSingleton(sp => sp.GetService<OnnxSentenceEncoder>() is not { } encoder ? null!
            : new SemanticIndex(encoder, sp.GetRequiredService<IVectorIndex>(), encoder.Fingerprint));

        var tokenizerPath = rag.GetValue<string>("Chunking:TokenizerPath");
        services.AddSingleton<ITokenCounter>(sp =>
        {
            if (sp.GetService<OnnxSentenceEncoder>() is { } encoder) return encoder.CreateTokenCounter();
            return string.IsNullOrWhiteSpace(tokenizerPath) ? new ApproximateTokenCounter() : WordPieceTokenCounter.FromTokenizerFolder(tokenizerPath);
        });
    }
}
