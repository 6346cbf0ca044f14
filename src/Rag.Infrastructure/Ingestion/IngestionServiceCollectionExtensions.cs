using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Ingestion;
using Rag.Infrastructure.Ingestion.Steps;

namespace Rag.Infrastructure.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>The ingestion pipeline: its steps run in the order registered here. A new step is one
    /// <see cref="IIngestionStep"/> class plus one line in its place.</summary>
    public static IServiceCollection AddIngestionPipeline(this IServiceCollection services)
    {
        services.AddSingleton<IIngestionStep, ExtractStep>();
        services.AddSingleton<IIngestionStep, OcrStep>();
        services.AddSingleton<IIngestionStep, ChunkStep>();
        services.AddSingleton<IIngestionStep, EmbedStep>();
        services.AddSingleton<IIngestionStep, IndexStep>();
        services.AddSingleton<DocumentIngestor>();
        return services;
    }
}
