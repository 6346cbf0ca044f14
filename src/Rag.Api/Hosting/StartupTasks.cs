using Rag.Api.Access;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Hosting;

/// <summary>Runs before the ingestion worker starts (hosted services start in order): brings the database schema
/// up to date, registers the admin key, then queues re-embedding of collections built with a different embedding model.</summary>
public sealed class StartupTasks(IServiceProvider services, AdminKeyBootstrap adminKey, ReembedScheduler reembed, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigrateRagStorageAsync(cancellationToken);
        await adminKey.RunAsync(cancellationToken);
        foreach (var name in await reembed.ScheduleAsync(cancellationToken))
            logger.LogWarning("Collection '{Collection}' was embedded with another model; re-embedding it in the background", name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
