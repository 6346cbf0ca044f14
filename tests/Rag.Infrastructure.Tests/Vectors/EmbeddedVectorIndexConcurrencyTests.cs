using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;
using static Rag.Infrastructure.Tests.Vectors.VectorTestData;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class EmbeddedVectorIndexConcurrencyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false, VectorQuantization.None)]
    [InlineData(true, VectorQuantization.None)]
    [InlineData(false, VectorQuantization.Int8)]
    [InlineData(true, VectorQuantization.Int8)]
    public async Task Searches_during_upserts_deletes_and_compaction_only_see_whole_records(bool resident, VectorQuantization quantization)
    {
        var collection = Guid.NewGuid();
        var writtenVectors = new ConcurrentDictionary<Guid, ConcurrentBag<float[]>>();
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments with { CompactionMinDeadRows = int.MaxValue, ResidentVectors = resident, Quantization = quantization });
        var writerRandom = new Random(1);
        var documents = new List<Guid>();
        var live = new List<VectorRecord>();

        async Task Upsert(List<VectorRecord> batch)
        {
            foreach (var record in batch)
                writtenVectors.GetOrAdd(record.ChunkId, _ => []).Add(record.Vector.ToArray());
            await index.UpsertAsync(batch);
        }

        await Upsert(Records(writerRandom, 500, collection, Guid.NewGuid()));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                var document = Guid.NewGuid();
                documents.Add(document);
                var added = Records(writerRandom, 20, collection, document);
                var replaced = live.OrderBy(_ => writerRandom.Next()).Take(5).Select(record => record with { Vector = UnitVector(writerRandom) });
                await Upsert([.. added, .. replaced]);
                live.AddRange(added);
                if (i % 10 == 9)
                {
                    await index.DeleteDocumentAsync(collection, documents[i - 5]);
                    live.RemoveAll(record => record.DocumentId == documents[i - 5]);
                }
                if (i == 30)
                    await index.CompactAsync();
            }
        });

        async Task Search(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < 300; i++)
            {
                var query = UnitVector(random);
                var hits = await index.SearchAsync(collection, query, 10);
                Assert.Equal(10, hits.Count);
                Assert.True(hits.Zip(hits.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
                foreach (var hit in hits)
                {
                    Assert.True(writtenVectors.TryGetValue(hit.ChunkId, out var versions), "unknown chunk id: a partial record was read");
                    Assert.Contains(versions, vector => Math.Abs(TensorPrimitives.Dot(vector, query) - hit.Score) < 1e-4);
                }
            }
        }

        await Task.WhenAll(writer, Task.Run(() => Search(2)), Task.Run(() => Search(3)));
    }
}
