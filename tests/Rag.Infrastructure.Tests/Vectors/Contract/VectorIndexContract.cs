using Rag.Core.Retrieval;
using static Rag.Infrastructure.Tests.Vectors.VectorTestData;

namespace Rag.Infrastructure.Tests.Vectors.Contract;

/// <summary>What every <see cref="IVectorIndex"/> must do, whatever stores the vectors. Each implementation runs it
/// by deriving a class that says how to create the index.</summary>
public abstract class VectorIndexContract : IAsyncLifetime
{
    private readonly List<Guid> _collections = [];
    private readonly Random _random = new(7);
    private IVectorIndex? _index;

    protected IVectorIndex Index => _index ?? throw new InvalidOperationException("Not initialised.");

    protected abstract IVectorIndex CreateIndex();

    public Task InitializeAsync()
    {
        _index = CreateIndex();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_index is null) return;
        foreach (var collection in _collections)
            await _index.DeleteCollectionAsync(collection);
        (_index as IDisposable)?.Dispose();
    }

    protected Guid NewCollection()
    {
        var id = Guid.NewGuid();
        _collections.Add(id);
        return id;
    }

    protected List<VectorRecord> NewRecords(int count, Guid collection, Guid document) => Records(_random, count, collection, document);

    protected float[] NewQuery() => UnitVector(_random);

    [ContractFact]
    public async Task Search_ranks_by_cosine_like_a_naive_scan()
    {
        var collection = NewCollection();
        var records = NewRecords(200, collection, Guid.NewGuid());
        await Index.UpsertAsync(records);

        for (var q = 0; q < 5; q++)
        {
            var query = NewQuery();
            var expected = NaiveTop(records, query, 10);
            var actual = await Index.SearchAsync(collection, query, 10);
            Assert.Equal(expected.Select(hit => hit.ChunkId), actual.Select(hit => hit.ChunkId));
            for (var i = 0; i < expected.Count; i++)
                Assert.Equal(expected[i].Score, actual[i].Score, 3);
        }
    }

    [ContractFact]
    public async Task Searches_never_leave_the_collection_and_honour_the_document_filter()
    {
        var (a, b) = (NewCollection(), NewCollection());
        var (documentA1, documentA2) = (Guid.NewGuid(), Guid.NewGuid());
        var inA1 = NewRecords(20, a, documentA1);
        var inA2 = NewRecords(20, a, documentA2);
        var inB = NewRecords(20, b, Guid.NewGuid());
        await Index.UpsertAsync([.. inA1, .. inA2, .. inB]);

        var query = inB[0].Vector;
        var fromA = await Index.SearchAsync(a, query, 100);
        Assert.Equal(inA1.Concat(inA2).Select(r => r.ChunkId).Order(), fromA.Select(hit => hit.ChunkId).Order());
        var fromA2 = await Index.SearchAsync(a, query, 100, documentA2);
        Assert.Equal(inA2.Select(r => r.ChunkId).Order(), fromA2.Select(hit => hit.ChunkId).Order());
        Assert.Empty(await Index.SearchAsync(b, query, 100, documentA1));
    }

    [ContractFact]
    public async Task Hits_and_scores_in_a_collection_are_bit_identical_whatever_another_collection_holds()
    {
        var (a, b) = (NewCollection(), NewCollection());
        await Index.UpsertAsync(NewRecords(300, a, Guid.NewGuid()));
        var query = NewQuery();
        var alone = await Index.SearchAsync(a, query, 10);

        // Another collection full of vectors close to the query, then emptied again.
        var crowd = Guid.NewGuid();
        await Index.UpsertAsync([.. NewRecords(3000, b, crowd).Select(r => r with { Vector = Nudged(query, r.Vector.ToArray()) })]);
        Assert.Equal(alone, await Index.SearchAsync(a, query, 10));
        await Index.DeleteDocumentAsync(b, crowd);
        Assert.Equal(alone, await Index.SearchAsync(a, query, 10));
    }

    /// <summary><paramref name="query"/> moved a little towards <paramref name="noise"/>, unit length.</summary>
    private static float[] Nudged(float[] query, float[] noise)
    {
        var vector = query.Zip(noise, (q, n) => q + 0.05f * n).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    [ContractFact]
    public async Task Counts_follow_upserts_and_deletions_per_collection_and_document()
    {
        var (a, b) = (NewCollection(), NewCollection());
        var (document1, document2) = (Guid.NewGuid(), Guid.NewGuid());
        var inDocument1 = NewRecords(7, a, document1);
        await Index.UpsertAsync([.. inDocument1, .. NewRecords(5, a, document2), .. NewRecords(3, b, Guid.NewGuid())]);
        await Index.UpsertAsync(inDocument1.Take(2).ToList());

        Assert.Equal(12, await Index.CountAsync(a));
        Assert.Equal(7, await Index.CountAsync(a, document1));
        Assert.Equal(3, await Index.CountAsync(b));

        await Index.DeleteDocumentAsync(a, document1);
        Assert.Equal(5, await Index.CountAsync(a));
        Assert.Equal(0, await Index.CountAsync(a, document1));
        Assert.Equal(0, await Index.CountAsync(NewCollection()));
    }

    [ContractFact]
    public async Task Upserting_a_chunk_again_replaces_its_vector()
    {
        var collection = NewCollection();
        var document = Guid.NewGuid();
        var records = NewRecords(10, collection, document);
        await Index.UpsertAsync(records);
        var moved = records[3] with { Vector = NewQuery() };
        await Index.UpsertAsync([moved]);

        var hits = await Index.SearchAsync(collection, moved.Vector, 100);
        Assert.Equal(10, hits.Count);
        Assert.Equal(moved.ChunkId, hits[0].ChunkId);
        Assert.Equal(1f, hits[0].Score, 3);
    }

    [ContractFact]
    public async Task Deleting_a_document_removes_its_chunks_and_nothing_else()
    {
        var (a, b) = (NewCollection(), NewCollection());
        var (gone, kept) = (Guid.NewGuid(), Guid.NewGuid());
        var goneRecords = NewRecords(15, a, gone);
        var keptInA = NewRecords(15, a, kept);
        var keptInB = NewRecords(15, b, Guid.NewGuid());
        await Index.UpsertAsync([.. goneRecords, .. keptInA, .. keptInB]);

        await Index.DeleteDocumentAsync(a, gone);

        Assert.Equal(keptInA.Select(r => r.ChunkId).Order(), (await Index.SearchAsync(a, goneRecords[0].Vector, 100)).Select(hit => hit.ChunkId).Order());
        Assert.Equal(15, (await Index.SearchAsync(b, goneRecords[0].Vector, 100)).Count);
        Assert.Empty(await Index.SearchAsync(a, goneRecords[0].Vector, 100, gone));
    }

    [ContractFact]
    public async Task Deleting_a_collection_leaves_the_others()
    {
        var (gone, kept) = (NewCollection(), NewCollection());
        var keptRecords = NewRecords(10, kept, Guid.NewGuid());
        await Index.UpsertAsync([.. NewRecords(10, gone, Guid.NewGuid()), .. keptRecords]);

        await Index.DeleteCollectionAsync(gone);

        Assert.Empty(await Index.SearchAsync(gone, keptRecords[0].Vector, 100));
        Assert.Equal(10, (await Index.SearchAsync(kept, keptRecords[0].Vector, 100)).Count);
    }

    [ContractFact]
    public async Task Unknown_collections_and_documents_are_empty_not_errors()
    {
        var collection = NewCollection();
        Assert.Empty(await Index.SearchAsync(collection, NewQuery(), 10));
        await Index.DeleteDocumentAsync(collection, Guid.NewGuid());
        await Index.DeleteCollectionAsync(collection);
        Assert.Empty(await Index.SearchAsync(collection, NewQuery(), 10));
    }

    [ContractFact]
    public async Task Vectors_of_the_wrong_dimension_are_refused()
    {
        var collection = NewCollection();
        await Assert.ThrowsAsync<ArgumentException>(() => Index.UpsertAsync([new VectorRecord(Guid.NewGuid(), collection, Guid.NewGuid(), new float[Dimension + 1])]));
        await Assert.ThrowsAsync<ArgumentException>(() => Index.SearchAsync(collection, new float[Dimension - 1], 10));
    }
}
