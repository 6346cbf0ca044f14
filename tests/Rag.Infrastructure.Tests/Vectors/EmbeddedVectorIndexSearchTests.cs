using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;
using static Rag.Infrastructure.Tests.Vectors.VectorTestData;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class EmbeddedVectorIndexSearchTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Random _random = new(42);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false, VectorQuantization.None)]
    [InlineData(true, VectorQuantization.None)]
    [InlineData(false, VectorQuantization.Int8)]
    [InlineData(true, VectorQuantization.Int8)]
    public async Task Top_k_equals_a_naive_reference_across_segments_and_partitions(bool resident, VectorQuantization quantization)
    {
        var collection = Guid.NewGuid();
        var records = Records(_random, 3_000, collection, Guid.NewGuid());
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments with { ResidentVectors = resident, Quantization = quantization });
        foreach (var batch in records.Chunk(700))
            await index.UpsertAsync(batch);

        for (var q = 0; q < 20; q++)
        {
            var query = UnitVector(_random);
            AssertSameHits(NaiveTop(records, query, 10), await index.SearchAsync(collection, query, 10));
        }
    }

    [Fact]
    public async Task Asking_for_more_than_exists_returns_everything_best_first()
    {
        var collection = Guid.NewGuid();
        var records = Records(_random, 5, collection, Guid.NewGuid());
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);
        await index.UpsertAsync(records);

        var query = UnitVector(_random);
        AssertSameHits(NaiveTop(records, query, 5), await index.SearchAsync(collection, query, 100));
    }

    [Fact]
    public async Task Collection_filter_never_returns_another_collections_chunks()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var inA = Records(_random, 300, a, Guid.NewGuid());
        var inB = Records(_random, 300, b, Guid.NewGuid());
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments);
        await index.UpsertAsync([.. inA, .. inB]);

        var aIds = inA.Select(record => record.ChunkId).ToHashSet();
        foreach (var record in inA.Take(20))
        {
            var hits = await index.SearchAsync(b, record.Vector, 50);
            Assert.Equal(50, hits.Count);
            Assert.DoesNotContain(hits, hit => aIds.Contains(hit.ChunkId));
        }
        Assert.Empty(await index.SearchAsync(Guid.NewGuid(), inA[0].Vector, 10));
    }

    [Fact]
    public async Task Document_filter_returns_only_that_documents_chunks_within_the_collection()
    {
        var (collection, otherCollection) = (Guid.NewGuid(), Guid.NewGuid());
        var (document, otherDocument) = (Guid.NewGuid(), Guid.NewGuid());
        var wanted = Records(_random, 40, collection, document);
        var sameCollection = Records(_random, 200, collection, otherDocument);
        var sameDocumentIdElsewhere = Records(_random, 40, otherCollection, document);
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);
        await index.UpsertAsync([.. wanted, .. sameCollection, .. sameDocumentIdElsewhere]);

        var query = sameDocumentIdElsewhere[0].Vector.ToArray();
        AssertSameHits(NaiveTop(wanted, query, 10), await index.SearchAsync(collection, query, 10, document));
    }

    [Fact]
    public async Task Upserting_an_existing_chunk_id_replaces_its_vector_and_keys()
    {
        var (collection, newCollection, document) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var records = Records(_random, 50, collection, document);
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);
        await index.UpsertAsync(records);

        var replacement = records[7] with { Vector = UnitVector(_random) };
        await index.UpsertAsync([replacement]);
        var moved = records[8] with { CollectionId = newCollection };
        await index.UpsertAsync([moved]);

        Assert.Equal(50, index.Count);
        var hits = await index.SearchAsync(collection, replacement.Vector, 50);
        Assert.Equal(49, hits.Count);
        Assert.Equal(replacement.ChunkId, hits[0].ChunkId);
        Assert.Equal(1f, hits[0].Score, 4);
        Assert.Single(hits, hit => hit.ChunkId == replacement.ChunkId);
        Assert.DoesNotContain(hits, hit => hit.ChunkId == moved.ChunkId);
        Assert.Equal([moved.ChunkId], (await index.SearchAsync(newCollection, moved.Vector, 10)).Select(hit => hit.ChunkId));
    }

    [Fact]
    public async Task The_last_of_duplicate_ids_in_one_batch_wins()
    {
        var collection = Guid.NewGuid();
        var first = Records(_random, 1, collection, Guid.NewGuid())[0];
        var second = first with { Vector = UnitVector(_random) };
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);
        await index.UpsertAsync([first, second]);

        var hits = await index.SearchAsync(collection, second.Vector, 10);
        Assert.Equal(first.ChunkId, Assert.Single(hits).ChunkId);
        Assert.Equal(1f, hits[0].Score, 4);
    }

    [Theory]
    [InlineData(VectorQuantization.None)]
    [InlineData(VectorQuantization.Int8)]
    public async Task Deleting_a_document_or_collection_removes_its_chunks_at_once(VectorQuantization quantization)
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var (doc1, doc2, doc3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var records1 = Records(_random, 100, a, doc1);
        var records2 = Records(_random, 100, a, doc2);
        var records3 = Records(_random, 100, b, doc3);
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments with { Quantization = quantization });
        await index.UpsertAsync([.. records1, .. records2, .. records3]);

        await index.DeleteDocumentAsync(a, doc1);
        var query = records1[0].Vector.ToArray();
        AssertSameHits(NaiveTop(records2, query, 10), await index.SearchAsync(a, query, 10));
        Assert.Empty(await index.SearchAsync(a, query, 10, doc1));

        await index.DeleteCollectionAsync(b);
        Assert.Empty(await index.SearchAsync(b, query, 10));
        Assert.Empty(await index.SearchAsync(b, query, 10, doc3));
        Assert.Equal(100, index.Count);
    }

    [Fact]
    public async Task Wrong_dimensions_are_refused_with_a_clear_error()
    {
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);
        var shortVector = new float[Dimension - 1];

        var upsert = await Assert.ThrowsAsync<ArgumentException>(() =>
            index.UpsertAsync([new VectorRecord(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), shortVector)]));
        Assert.Contains($"dimension {Dimension - 1}", upsert.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(Guid.NewGuid(), shortVector, 10));
    }

    [Fact]
    public async Task Opening_an_index_with_another_dimension_fails_loudly()
    {
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension))
            await index.UpsertAsync(Records(_random, 3, Guid.NewGuid(), Guid.NewGuid()));

        var error = Assert.Throws<ArgumentException>(() => new EmbeddedVectorIndex(_directory.Path, 64));
        Assert.Contains($"dimension {Dimension}", error.Message);
        Assert.Contains("64", error.Message);
    }
}
