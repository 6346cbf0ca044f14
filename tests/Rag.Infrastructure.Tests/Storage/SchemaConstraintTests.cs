using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Infrastructure.Tests.Support;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Storage;

public sealed class SchemaConstraintTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Collection_names_are_unique(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        await using (var db = services.Context())
        {
            db.Collections.Add(Seed.Collection("manuals"));
            await db.SaveChangesAsync();
        }

        await using var other = services.Context();
        other.Collections.Add(Seed.Collection("manuals"));
        await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Identical_content_is_one_document_per_collection_but_allowed_across_collections(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        var first = Seed.Collection();
        var second = Seed.Collection();
        const string hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        await using (var db = services.Context())
        {
            db.Collections.AddRange(first, second);
            db.Documents.Add(Seed.Document(first.Id, hash));
            db.Documents.Add(Seed.Document(second.Id, hash));
            await db.SaveChangesAsync();
        }

        await using var duplicate = services.Context();
        duplicate.Documents.Add(Seed.Document(first.Id, hash));
        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Deleting_a_document_deletes_its_chunks_and_job(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        var documentIds = await Seed.DocumentsAsync(services, 2);
        var (deleted, kept) = (documentIds[0], documentIds[1]);
        await using (var db = services.Context())
        {
            foreach (var documentId in documentIds)
            {
                var collectionId = (await db.Documents.SingleAsync(d => d.Id == documentId)).CollectionId;
                db.Chunks.AddRange(Enumerable.Range(0, 3).Select(ordinal => new Chunk
                {
                    Id = Chunk.DeterministicId(documentId, ordinal),
                    DocumentId = documentId,
                    CollectionId = collectionId,
                    Ordinal = ordinal,
                    Page = 1,
                    Text = $"chunk {ordinal}",
                }));
                db.IngestionJobs.Add(new IngestionJob { DocumentId = documentId });
            }
            await db.SaveChangesAsync();
        }

        await using var check = services.Context();
        Assert.Equal(1, await check.Documents.Where(d => d.Id == deleted).ExecuteDeleteAsync());

        Assert.Equal(0, await check.Chunks.CountAsync(c => c.DocumentId == deleted));
        Assert.Equal(0, await check.IngestionJobs.CountAsync(j => j.DocumentId == deleted));
        Assert.Equal(3, await check.Chunks.CountAsync(c => c.DocumentId == kept));
        Assert.Equal(1, await check.IngestionJobs.CountAsync(j => j.DocumentId == kept));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Chunk_ordinals_are_unique_within_a_document(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        var documentId = (await Seed.DocumentsAsync(services, 1))[0];

        await using var db = services.Context();
        db.Chunks.AddRange(
            new Chunk { Id = Guid.NewGuid(), DocumentId = documentId, Ordinal = 0, Text = "a" },
            new Chunk { Id = Guid.NewGuid(), DocumentId = documentId, Ordinal = 0, Text = "b" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Status_is_stored_as_its_lower_case_name(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        var documentId = (await Seed.DocumentsAsync(services, 1))[0];
        await using var db = services.Context();
        await db.Documents.Where(d => d.Id == documentId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Processing));

        var stored = await db.Database
            .SqlQuery<string>($"""SELECT "Status" AS "Value" FROM "Documents" """)
            .SingleAsync();

        Assert.Equal("processing", stored);
        Assert.Equal(1, await db.Documents.CountAsync(d => d.Status == DocumentStatus.Processing));
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task DateTimeOffsets_round_trip_as_the_same_instant_and_can_be_compared_and_ordered(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        // Whole microseconds: PostgreSQL's precision. A non-UTC offset must be accepted and read back as UTC.
        var earlier = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234560);
        var later = earlier.AddHours(1).ToOffset(TimeSpan.FromHours(-5));
        await using (var db = services.Context())
        {
            db.Collections.Add(new Collection { Name = "later", CreatedAt = later });
            db.Collections.Add(new Collection { Name = "earlier", CreatedAt = earlier });
            await db.SaveChangesAsync();
        }

        await using var read = services.Context();
        var ordered = await read.Collections.OrderBy(c => c.CreatedAt).ToListAsync();
        var afterEarlier = await read.Collections.Where(c => c.CreatedAt > earlier).Select(c => c.Name).ToListAsync();

        Assert.Equal(["earlier", "later"], ordered.Select(c => c.Name));
        Assert.Equal(earlier.UtcDateTime, ordered[0].CreatedAt.UtcDateTime);
        Assert.Equal(later.UtcDateTime, ordered[1].CreatedAt.UtcDateTime);
        Assert.Equal(["later"], afterEarlier);
    }
}
