using System.Numerics.Tensors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Tests.Vectors;

internal static class VectorTestData
{
    public const int Dimension = 32;

    /// <summary>Small segments and a low parallel threshold, so tests cross segment boundaries and run the parallel scan.</summary>
    public static readonly EmbeddedVectorIndexOptions SmallSegments = new() { RowsPerSegment = 256, ParallelScanThreshold = 500 };

    public static float[] UnitVector(Random random, int dimension = Dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = random.NextSingle() * 2 - 1;
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    public static List<VectorRecord> Records(Random random, int count, Guid collectionId, Guid documentId) =>
        Enumerable.Range(0, count).Select(_ => new VectorRecord(Guid.NewGuid(), collectionId, documentId, UnitVector(random))).ToList();

    /// <summary>The obvious answer: score every record with a plain loop, sort.</summary>
    public static List<ChunkHit> NaiveTop(IEnumerable<VectorRecord> records, float[] query, int top) =>
        records
            .Select(record =>
            {
                var score = 0f;
                var vector = record.Vector.Span;
                for (var i = 0; i < query.Length; i++)
                    score += vector[i] * query[i];
                return new ChunkHit(record.ChunkId, score);
            })
            .OrderByDescending(hit => hit.Score)
            .Take(top)
            .ToList();

    public static void AssertSameHits(IReadOnlyList<ChunkHit> expected, IReadOnlyList<ChunkHit> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Select(hit => hit.ChunkId), actual.Select(hit => hit.ChunkId));
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Score, actual[i].Score, 4);
    }
}

internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rag-vectors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
