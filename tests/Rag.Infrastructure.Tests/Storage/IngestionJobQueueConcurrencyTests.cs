using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Domain;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Tests.Support;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Storage;

/// <summary>Workers in separate service providers stand in for separate processes: own pools, own contexts.</summary>
public sealed class IngestionJobQueueConcurrencyTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int Processes = 3;
    private const int WorkersPerProcess = 4;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Concurrent_workers_claim_every_job_exactly_once(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var setup = await storage.CreateServicesAsync();
        const int jobCount = 60;
        var setupQueue = setup.GetRequiredService<IngestionJobQueue>();
        foreach (var documentId in await Seed.DocumentsAsync(setup, jobCount))
            await setupQueue.EnqueueAsync(documentId);
        await using var processes = await WorkerProcesses.StartAsync(storage);

        var claims = new ConcurrentBag<IngestionJob>();
        await processes.RunWorkersAsync( async queue =>
        {
            while (await queue.TryClaimNextAsync(Lease) is { } job)
                claims.Add(job);
        });

        Assert.Equal(jobCount, claims.Count);
        Assert.Equal(jobCount, claims.Select(j => j.Id).Distinct().Count());
        Assert.All(claims, j => Assert.Equal(1, j.Attempts));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Only_one_of_many_simultaneous_claimers_wins_a_job(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var setup = await storage.CreateServicesAsync();
        var setupQueue = setup.GetRequiredService<IngestionJobQueue>();
        await using var processes = await WorkerProcesses.StartAsync(storage);

        foreach (var documentId in await Seed.DocumentsAsync(setup, 10))
        {
            var job = await setupQueue.EnqueueAsync(documentId);
            var winners = new ConcurrentBag<IngestionJob>();
            await processes.RunWorkersAsync( async queue =>
            {
                if (await queue.TryClaimNextAsync(Lease) is { } claimed)
                    winners.Add(claimed);
            });

            Assert.Equal(job.Id, Assert.Single(winners).Id);
            await setupQueue.CompleteAsync(job.Id);
        }
    }

    private sealed class WorkerProcesses(ServiceProvider[] processes) : IAsyncDisposable
    {
        public static async Task<WorkerProcesses> StartAsync(TestStorage storage)
        {
            var processes = new ServiceProvider[Processes];
            for (var i = 0; i < Processes; i++)
                processes[i] = await storage.CreateServicesAsync(migrate: false);
            return new WorkerProcesses(processes);
        }

        /// <summary>Runs <paramref name="work"/> on every worker of every process, all released at the same moment.</summary>
        public async Task RunWorkersAsync(Func<IngestionJobQueue, Task> work)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = processes
                .SelectMany(process => Enumerable.Repeat(process.GetRequiredService<IngestionJobQueue>(), WorkersPerProcess))
                .Select(async queue =>
                {
                    await start.Task;
                    await work(queue);
                })
                .ToArray();
            start.SetResult();
            await Task.WhenAll(workers);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes)
                await process.DisposeAsync();
        }
    }
}
