using Rag.Infrastructure.Storage;

namespace Rag.Api.Hosting;

/// <summary>Brings the database schema up to date before anything else starts (hosted services start in order).</summary>
public sealed class StorageMigration(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.MigrateRagStorageAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
