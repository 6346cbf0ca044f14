using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rag.Application.Retrieval;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Embedding;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Keyword;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Tests.Storage;
using Rag.Infrastructure.Tests.Support;
using Rag.Infrastructure.Vectors;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Access;

/// <summary>The search service itself enforces the caller's rights, whatever calls it: an unreadable collection is
/// "not found" and none of its chunks come back. Listing filters in the database, on every provider.</summary>
public sealed class SearchAccessTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private readonly Collection _open = Seed.Collection("open"), _closed = Seed.Collection("closed");

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task A_collection_the_caller_cannot_read_is_not_found_even_when_the_service_is_called_directly(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        var indexDirectory = Directory.CreateTempSubdirectory("rag-access-index-").FullName;
        try
        {
            using var keywords = new LuceneKeywordIndex(indexDirectory);
            await SeedAsync(services, keywords);
            var readsOpen = new CallerAccess(false, new Dictionary<Guid, CollectionAccess> { [_open.Id] = CollectionAccess.Read });

            Assert.Contains("12 bar", Assert.Single(await SearchAsync(services, keywords, readsOpen, "open")).Text);
            var refused = await Assert.ThrowsAsync<RequestRejectedException>(() => SearchAsync(services, keywords, readsOpen, "closed"));
            Assert.Equal(RejectionReason.NotFound, refused.Reason);
            Assert.Equal(RequestRejectedException.CollectionNotFound("closed").Message, refused.Message);
            await Assert.ThrowsAsync<RequestRejectedException>(() => SearchAsync(services, keywords, CallerAccess.Nothing, "open"));
            Assert.Single(await SearchAsync(services, keywords, CallerAccess.Admin, "closed"));

            await using var db = services.Context();
            Assert.Equal(["open"], await readsOpen.Readable(db.Collections).Select(c => c.Name).ToListAsync());
            Assert.Equal(["closed", "open"], await CallerAccess.Admin.Readable(db.Collections).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync());
        }
        finally
        {
            Directory.Delete(indexDirectory, recursive: true);
        }
    }

    private async Task SeedAsync(IServiceProvider services, LuceneKeywordIndex keywords)
    {
        await using var db = services.Context();
        foreach (var (collection, text) in new[] { (_open, "The pump pressure limit is 12 bar."), (_closed, "The secret pressure limit is 99 bar.") })
        {
            var document = Seed.Document(collection.Id);
            var chunk = new Chunk { Id = Guid.NewGuid(), DocumentId = document.Id, CollectionId = collection.Id, Page = 1, End = text.Length, Text = text };
            db.Collections.Add(collection);
            db.Documents.Add(document);
            db.Chunks.Add(chunk);
            await keywords.UpsertAsync([chunk]);
        }
        await db.SaveChangesAsync();
    }

    private static async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(IServiceProvider services, IKeywordIndex keywords, CallerAccess access, string collection)
    {
        await using var db = services.Context();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RagMetrics(meters.GetRequiredService<IMeterFactory>(), services.GetRequiredService<IngestionJobQueue>());
        var search = new SearchService(db, new Caller(access), keywords, metrics, SemanticSearch.Unavailable(EmbeddingModelStatus.Disabled("none")), new QueryOptions());
        return (await search.SearchAsync(new SearchRequest(collection, "pressure limit"), CancellationToken.None)).Chunks;
    }

    private sealed class Caller(CallerAccess access) : ICallerAccess
    {
        public CallerAccess Current => access;
    }
}
