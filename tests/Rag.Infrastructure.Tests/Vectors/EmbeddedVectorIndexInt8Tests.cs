using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;
using static Rag.Infrastructure.Tests.Vectors.VectorTestData;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class EmbeddedVectorIndexInt8Tests : IDisposable
{
    private const int Top = 10;
    private static readonly EmbeddedVectorIndexOptions Int8 = SmallSegments with { Quantization = VectorQuantization.Int8, RowsPerSegment = 4096 };
    private static readonly EmbeddedVectorIndexOptions Exact = Int8 with { Quantization = VectorQuantization.None };
    private readonly TemporaryDirectory _directory = new();
    private readonly Random _random = new(7);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Int8_search_finds_the_exact_top_10_for_99_percent_of_queries_with_exact_scores()
    {
        var collection = Guid.NewGuid();
        var records = Records(_random, 20_000, collection, Guid.NewGuid());
        var queries = Enumerable.Range(0, 200).Select(_ => UnitVector(_random)).ToArray();
        IReadOnlyList<ChunkHit>[] fromAppends;
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension, Int8))
        {
            foreach (var batch in records.Chunk(5_000))
                await index.UpsertAsync(batch);
            fromAppends = await SearchAll(index, collection, queries);
        }
        var exact = await SearchAll(_directory.Path, Exact, collection, queries);
        var fromOpen = await SearchAll(_directory.Path, Int8, collection, queries);

        var found = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            Assert.Equal(fromAppends[q], fromOpen[q]); // codes built at open equal codes written with each append
            var exactScores = exact[q].ToDictionary(hit => hit.ChunkId, hit => hit.Score);
            Assert.Equal(Top, fromOpen[q].Count);
            foreach (var hit in fromOpen[q])
            {
                if (exactScores.TryGetValue(hit.ChunkId, out var score))
                {
                    Assert.Equal(score, hit.Score); // rescored exactly: bit-identical to the float path
                    found++;
                }
                else
                {
                    Assert.True(hit.Score <= exact[q][^1].Score, "a hit outside the exact top-10 must score below all of it");
                }
            }
        }
        var recall = found / (double)(queries.Length * Top);
        Assert.True(recall >= 0.99, $"recall@10 = {recall:F4}");
    }

    [Fact]
    public async Task Int8_search_honours_collection_and_document_filters_replacements_and_deletes()
    {
        var (collection, other) = (Guid.NewGuid(), Guid.NewGuid());
        var (kept, deleted, elsewhere) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var keptRecords = Records(_random, 800, collection, kept);
        var deletedRecords = Records(_random, 800, collection, deleted);
        var otherRecords = Records(_random, 800, other, elsewhere);
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, Int8);
        await index.UpsertAsync([.. keptRecords, .. deletedRecords, .. otherRecords]);
        var replaced = keptRecords.Take(100).Select(record => record with { Vector = UnitVector(_random) }).ToList();
        await index.UpsertAsync(replaced);
        await index.DeleteDocumentAsync(collection, deleted);
        var live = replaced.Concat(keptRecords.Skip(100)).ToList();

        // Queries equal to a deleted, a replaced (old vector) and another collection's vector: the best int8 matches
        // would be exactly the rows that must not come back.
        foreach (var query in new[] { deletedRecords[0].Vector, keptRecords[0].Vector, otherRecords[0].Vector, UnitVector(_random) })
        {
            var vector = query.ToArray();
            AssertSameHits(NaiveTop(live, vector, Top), await index.SearchAsync(collection, vector, Top));
            AssertSameHits(NaiveTop(live, vector, Top), await index.SearchAsync(collection, vector, Top, kept));
            Assert.Empty(await index.SearchAsync(collection, vector, Top, deleted));
            Assert.Empty(await index.SearchAsync(other, vector, Top, kept));
        }
    }

    private static async Task<IReadOnlyList<ChunkHit>[]> SearchAll(string directory, EmbeddedVectorIndexOptions options, Guid collection, float[][] queries)
    {
        using var index = new EmbeddedVectorIndex(directory, Dimension, options);
        return await SearchAll(index, collection, queries);
    }

    private static async Task<IReadOnlyList<ChunkHit>[]> SearchAll(EmbeddedVectorIndex index, Guid collection, float[][] queries)
    {
        var results = new IReadOnlyList<ChunkHit>[queries.Length];
        for (var q = 0; q < queries.Length; q++)
            results[q] = await index.SearchAsync(collection, queries[q], Top);
        return results;
    }
}
