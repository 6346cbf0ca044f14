using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Tests.Support;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Storage;

public sealed class IngestionJobQueueTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Enqueue_is_idempotent_per_document(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        var documentId = (await Seed.DocumentsAsync(services, 1))[0];

        var jobs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => queue.EnqueueAsync(documentId)));

        Assert.Single(jobs.Select(j => j.Id).Distinct());
        Assert.Equal(1, await queue.CountPendingAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Jobs_are_claimed_oldest_first_once_each_counting_attempts(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        var documentIds = await Seed.DocumentsAsync(services, 3);
        foreach (var documentId in documentIds)
        {
            await queue.EnqueueAsync(documentId);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var claimed = new[] { await queue.TryClaimNextAsync(Lease), await queue.TryClaimNextAsync(Lease), await queue.TryClaimNextAsync(Lease) };

        Assert.Equal(documentIds, claimed.Select(j => j!.DocumentId));
        Assert.All(claimed, j => Assert.Equal(1, j!.Attempts));
        Assert.All(claimed, j => Assert.Equal(_time.GetUtcNow() + Lease, j!.LeasedUntil));
        Assert.Null(await queue.TryClaimNextAsync(Lease));
        Assert.Equal(3, await queue.CountPendingAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task An_expired_lease_is_claimed_again_and_the_old_holder_loses_it(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        await queue.EnqueueAsync((await Seed.DocumentsAsync(services, 1))[0]);
        var crashed = (await queue.TryClaimNextAsync(Lease))!;

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await queue.TryClaimNextAsync(Lease));
        _time.Advance(TimeSpan.FromSeconds(1));
        var reclaimed = await queue.TryClaimNextAsync(Lease);

        Assert.NotNull(reclaimed);
        Assert.Equal(crashed.Id, reclaimed.Id);
        Assert.Equal(2, reclaimed.Attempts);
        Assert.False(await queue.RenewLeaseAsync(crashed, Lease));
        Assert.True(await queue.RenewLeaseAsync(reclaimed, Lease));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_job_returned_uncounted_is_claimable_at_once_with_its_attempt_given_back(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        await queue.EnqueueAsync((await Seed.DocumentsAsync(services, 1))[0]);
        var interrupted = (await queue.TryClaimNextAsync(Lease))!;

        Assert.True(await queue.ReturnUncountedAsync(interrupted));
        var again = await queue.TryClaimNextAsync(Lease);

        Assert.NotNull(again);
        Assert.Equal(interrupted.Id, again.Id);
        Assert.Equal(1, again.Attempts);
        Assert.False(await queue.ReturnUncountedAsync(interrupted));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Renewing_a_lease_keeps_other_workers_off_the_job(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        await queue.EnqueueAsync((await Seed.DocumentsAsync(services, 1))[0]);
        var job = (await queue.TryClaimNextAsync(Lease))!;

        _time.Advance(Lease / 2);
        Assert.True(await queue.RenewLeaseAsync(job, Lease));
        _time.Advance(Lease * 3 / 4);

        Assert.Null(await queue.TryClaimNextAsync(Lease));
        Assert.Equal(_time.GetUtcNow() + Lease / 4, job.LeasedUntil);
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_released_job_waits_for_its_retry_time(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        await queue.EnqueueAsync((await Seed.DocumentsAsync(services, 1))[0]);
        var job = (await queue.TryClaimNextAsync(Lease))!;

        Assert.True(await queue.ReleaseAsync(job, TimeSpan.FromSeconds(30)));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await queue.TryClaimNextAsync(Lease));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(job.Id, (await queue.TryClaimNextAsync(Lease))?.Id);
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Completing_a_job_removes_it(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        foreach (var documentId in await Seed.DocumentsAsync(services, 2))
            await queue.EnqueueAsync(documentId);
        var job = (await queue.TryClaimNextAsync(Lease))!;

        await queue.CompleteAsync(job.Id);
        _time.Advance(Lease * 2);

        Assert.Equal(1, await queue.CountPendingAsync());
        var remaining = await queue.TryClaimNextAsync(Lease);
        Assert.NotNull(remaining);
        Assert.NotEqual(job.DocumentId, remaining.DocumentId);
        Assert.False(await queue.RenewLeaseAsync(job, Lease));
    }
}
