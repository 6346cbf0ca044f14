using Rag.Api.Ingestion;
using Rag.Core.Answering;
using Rag.Core.Chunking;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.Documents;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Keyword;
using Rag.Infrastructure.Retrieval;
using Rag.Infrastructure.Storage;

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
        services.AddHostedService<StorageMigration>();
        services.AddSingleton(new FileStore(Path.Combine(dataDirectory, "files")));
        services.AddSingleton<IKeywordIndex>(_ => new LuceneKeywordIndex(Path.Combine(dataDirectory, "keyword")));

        services.AddSingleton(ExtractorRegistry.CreateDefault());

        var chunking = section.GetSection("Chunking").Get<ChunkingOptions>() ?? new ChunkingOptions();
        services.AddSingleton(chunking);
        services.AddSingleton((ITokenCounter)new ApproximateTokenCounter());
        services.AddSingleton<TextChunker>();

        services.AddSingleton(section.GetSection("Ingestion").Get<IngestionOptions>() ?? new IngestionOptions());
        services.AddSingleton(section.GetSection("Upload").Get<UploadOptions>() ?? new UploadOptions());
        services.AddSingleton<IngestionSignal>();
        services.AddSingleton<DocumentIngestor>();
        services.AddHostedService<IngestionWorker>();

        services.AddScoped<DocumentUploads>();
        services.AddScoped<DocumentDeletion>();
        services.AddScoped<CollectionDeletion>();
        services.AddScoped<SearchService>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddScoped<AskService>();
        return services;
    }
}
