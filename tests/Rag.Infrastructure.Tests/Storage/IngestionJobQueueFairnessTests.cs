using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Tests.Support;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Storage;

public sealed class IngestionJobQueueFairnessTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const long Small = 2_000, Large = 50_000_000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_single_upload_is_not_held_up_by_another_collections_bulk_import(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        await EnqueueAsync(queue, await Seed.DocumentsAsync(services, 30));
        var single = (await Seed.DocumentsAsync(services, 1))[0];
        await EnqueueAsync(queue, [single]);

        var firstTwo = new[] { await queue.TryClaimNextAsync(Lease), await queue.TryClaimNextAsync(Lease) };

        Assert.Contains(single, firstTwo.Select(j => j!.DocumentId));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Collections_take_turns(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        var first = await Seed.DocumentsAsync(services, 6);
        var second = await Seed.DocumentsAsync(services, 6);
        await EnqueueAsync(queue, first);
        await EnqueueAsync(queue, second);

        var claimed = new List<Guid>();
        for (var i = 0; i < 6; i++) claimed.Add((await queue.TryClaimNextAsync(Lease))!.DocumentId);

        Assert.Equal(3, claimed.Count(first.Contains));
        Assert.Equal(3, claimed.Count(second.Contains));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_small_file_queued_after_a_large_one_is_claimed_first(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        var documents = await Seed.DocumentsOfSizesAsync(services, Large, Small);

        await EnqueueAsync(queue, documents);

        Assert.Equal(documents[1], (await queue.TryClaimNextAsync(Lease))!.DocumentId);
        Assert.Equal(documents[0], (await queue.TryClaimNextAsync(Lease))!.DocumentId);
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_large_file_that_waited_too_long_goes_ahead_of_smaller_ones(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync(_time);
        var queue = services.GetRequiredService<IngestionJobQueue>();
        var documents = await Seed.DocumentsOfSizesAsync(services, Large, Small, Small, Small);
        await EnqueueAsync(queue, documents[..2]);
        Assert.Equal(documents[1], (await queue.TryClaimNextAsync(Lease))!.DocumentId);

        _time.Advance(IngestionJobQueue.SizeOrderLimit);
        await EnqueueAsync(queue, documents[2..]);

        Assert.Equal(documents[0], (await queue.TryClaimNextAsync(Lease))!.DocumentId);
    }

    private async Task EnqueueAsync(IngestionJobQueue queue, IEnumerable<Guid> documentIds)
    {
        foreach (var documentId in documentIds)
        {
            await queue.EnqueueAsync(documentId);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }
}
