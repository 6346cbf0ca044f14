using Rag.Api.Access;
using Rag.Api.Endpoints;
using Rag.Api.Ingestion;
using Rag.Application.Answering;
using Rag.Application.Collections;
using Rag.Application.Conversations;
using Rag.Application.Documents;
using Rag.Application.Maintenance;
using Rag.Application.Retrieval;
using Rag.Core.Answering;
using Rag.Core.Chunking;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Keyword;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Api.Hosting;

public static class ServiceRegistration
{
    /// <summary>Everything the service needs, each adapter chosen by configuration (section "Rag") and registered by its
    /// own extension; settings are validated when the service starts.</summary>
    public static IServiceCollection AddRagServices(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(configuration.GetValue<string>("Rag:DataDirectory") ?? "data");
        OwnerOnly.CreateDataDirectory(dataDirectory);

        services.AddRagStorage(configuration, dataDirectory);
        services.AddMetrics();
        services.AddSingleton<RagMetrics>();
        services.AddSingleton(new FileStore(Path.Combine(dataDirectory, "files")));
        services.AddSingleton<OriginalCharsets>();
        services.AddSingleton<IKeywordIndex>(_ => new LuceneKeywordIndex(Path.Combine(dataDirectory, "keyword")));

        services.AddOnnxEncoder(configuration, dataDirectory);
        var store = services.AddSettings<VectorStoreOptions>(configuration, VectorStoreOptions.SectionName);
        if (store.Provider == VectorStoreOptions.QdrantProvider) services.AddQdrantVectorIndex(configuration);
        else services.AddEmbeddedVectorIndex(configuration, dataDirectory);
        services.AddSemanticSearch(dataDirectory);
        services.AddSingleton<ChunkIndexes>();
        services.AddSingleton<ConsistencyCheck>();

        var upload = services.AddSettings<UploadOptions>(configuration, "Rag:Upload");
        services.AddTextExtractors(new PdfLimits(upload.MaxPages, upload.MaxDecodedStreamBytes), upload.OfficeLimits);
        services.AddOcr(configuration);
        services.AddSettings<ChunkingOptions>(configuration, "Rag:Chunking");
        services.AddSingleton<TextChunker>();

        services.AddSettings<IngestionOptions>(configuration, "Rag:Ingestion");
        services.AddSingleton<IngestionSignal>();
        services.AddIngestionPipeline();
        services.AddSingleton<ReembedScheduler>();
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<IngestionWorker>();
        services.AddSingleton<SentenceVectorCompaction>();
        services.AddHostedService(sp => sp.GetRequiredService<SentenceVectorCompaction>());

        services.AddRagAccess(configuration, dataDirectory);
        services.AddScoped<CollectionCatalog>();
        services.AddScoped<DocumentQueries>();
        services.AddScoped<DocumentUploads>();
        services.AddScoped<Deletions>();
        services.AddScoped<DocumentRetries>();
        services.AddScoped<ConversationStore>();
        services.AddSettings<QueryOptions>(configuration, "Rag:Query");
        services.AddScoped<SearchService>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSettings<AnswerOptions>(configuration, "Rag:Answer");
        services.AddSingleton(sp => new RelevanceDecision(sp.GetRequiredService<AnswerOptions>().MinimumRelevance));
        services.AddSingleton<AnswerEvidenceGatherer>();
        services.AddLlm(configuration, dataDirectory);
        services.AddScoped<AskService>();
        services.AddSingleton<IProblemDetailsWriter, OpenAiErrorWriter>();
        services.AddSingleton<IProblemDetailsWriter, EventStreamProblemWriter>();
        return services;
    }
}
