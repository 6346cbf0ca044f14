using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;
using static Rag.Infrastructure.Tests.Vectors.VectorTestData;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class EmbeddedVectorIndexDurabilityTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Random _random = new(7);
    private readonly RecordLayout _layout = new(Dimension);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reopening_returns_the_same_results()
    {
        var collection = Guid.NewGuid();
        var documents = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var records = documents.SelectMany(document => Records(_random, 150, collection, document)).ToList();
        var queries = Enumerable.Range(0, 10).Select(_ => UnitVector(_random)).ToList();
        List<IReadOnlyList<ChunkHit>> before = [];
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments))
        {
            await index.UpsertAsync(records);
            await index.DeleteDocumentAsync(collection, documents[1]);
            await index.UpsertAsync([records[0] with { Vector = UnitVector(_random) }]);
            foreach (var query in queries)
                before.Add(await index.SearchAsync(collection, query, 10));
        }

        using var reopened = new EmbeddedVectorIndex(_directory.Path, Dimension, SmallSegments);
        Assert.Equal(450, reopened.Count);
        for (var i = 0; i < queries.Count; i++)
            AssertSameHits(before[i], await reopened.SearchAsync(collection, queries[i], 10));
    }

    [Fact]
    public void A_directory_already_open_is_refused()
    {
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension);

        var error = Assert.Throws<IOException>(() => new EmbeddedVectorIndex(_directory.Path, Dimension));
        Assert.Contains("already open", error.Message);
    }

    [Theory]
    [InlineData("half-written", false)]
    [InlineData("bad-checksum", false)]
    [InlineData("never-written", false)]
    [InlineData("half-written", true)]
    [InlineData("never-written", true)]
    public async Task A_torn_tail_is_discarded_on_open_and_earlier_data_survives(string tear, bool resident)
    {
        var options = new EmbeddedVectorIndexOptions { ResidentVectors = resident };
        var collection = Guid.NewGuid();
        var records = Records(_random, 10, collection, Guid.NewGuid());
        var query = UnitVector(_random);
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension, options))
            await index.UpsertAsync(records);

        var torn = Records(_random, 1, collection, Guid.NewGuid())[0];
        var bytes = new byte[_layout.RecordSize];
        _layout.Encode(torn, bytes);
        if (tear == "bad-checksum")
            bytes[3] ^= 0x40;
        var segmentFile = Directory.GetFiles(_directory.Path, "*.seg").Single();
        using (var file = new FileStream(segmentFile, FileMode.Open, FileAccess.Write))
        {
            file.Position = RecordLayout.HeaderSize + 10L * _layout.RecordSize;
            if (tear != "never-written")
                file.Write(tear == "half-written" ? bytes.AsSpan(0, bytes.Length / 2) : bytes);
            // A fully valid record after the tear (a later page that did reach the disk) must not be believed either.
            _layout.Encode(torn, bytes);
            file.Position = RecordLayout.HeaderSize + 11L * _layout.RecordSize;
            file.Write(bytes);
        }

        var later = Records(_random, 1, collection, Guid.NewGuid());
        using (var reopened = new EmbeddedVectorIndex(_directory.Path, Dimension, options))
        {
            Assert.Equal(10, reopened.Count);
            AssertSameHits(NaiveTop(records, query, 10), await reopened.SearchAsync(collection, query, 10));
            await reopened.UpsertAsync(later);
        }

        using var again = new EmbeddedVectorIndex(_directory.Path, Dimension, options);
        Assert.Equal(11, again.Count);
        AssertSameHits(NaiveTop([.. records, .. later], torn.Vector.ToArray(), 11), await again.SearchAsync(collection, torn.Vector, 20));
    }

    [Fact]
    public async Task A_torn_tombstone_batch_is_ignored_and_earlier_deletes_hold()
    {
        var collection = Guid.NewGuid();
        var (kept, deleted) = (Guid.NewGuid(), Guid.NewGuid());
        var keptRecords = Records(_random, 20, collection, kept);
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension))
        {
            await index.UpsertAsync([.. keptRecords, .. Records(_random, 20, collection, deleted)]);
            await index.DeleteDocumentAsync(collection, deleted);
        }
        var tombstoneFile = Directory.GetFiles(_directory.Path, "*.del").Single();
        using (var file = new FileStream(tombstoneFile, FileMode.Append, FileAccess.Write))
            file.Write([5, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0]); // claims 5 rows, holds one

        using var reopened = new EmbeddedVectorIndex(_directory.Path, Dimension);
        Assert.Equal(20, reopened.Count);
        var query = UnitVector(_random);
        AssertSameHits(NaiveTop(keptRecords, query, 20), await reopened.SearchAsync(collection, query, 50));
    }

    [Fact]
    public async Task A_replacement_written_without_its_tombstone_still_wins_and_stays_deletable()
    {
        var (collection, document) = (Guid.NewGuid(), Guid.NewGuid());
        var records = Records(_random, 5, collection, document);
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension))
            await index.UpsertAsync(records);

        // As if the process died after appending the replacement but before tombstoning the original.
        var replacement = records[2] with { Vector = UnitVector(_random) };
        var bytes = new byte[_layout.RecordSize];
        _layout.Encode(replacement, bytes);
        using (var file = new FileStream(Directory.GetFiles(_directory.Path, "*.seg").Single(), FileMode.Open, FileAccess.Write))
        {
            file.Position = RecordLayout.HeaderSize + 5L * _layout.RecordSize;
            file.Write(bytes);
        }

        using (var reopened = new EmbeddedVectorIndex(_directory.Path, Dimension))
        {
            Assert.Equal(5, reopened.Count);
            var hits = await reopened.SearchAsync(collection, replacement.Vector, 10);
            Assert.Equal(replacement.ChunkId, hits[0].ChunkId);
            Assert.Equal(1f, hits[0].Score, 4);
            Assert.Single(hits, hit => hit.ChunkId == replacement.ChunkId);
            await reopened.DeleteDocumentAsync(collection, document);
        }

        using var again = new EmbeddedVectorIndex(_directory.Path, Dimension);
        Assert.Equal(0, again.Count);
        Assert.Empty(await again.SearchAsync(collection, replacement.Vector, 10));
    }

    [Fact]
    public async Task Compaction_keeps_results_identical_and_switches_to_new_files()
    {
        var collection = Guid.NewGuid();
        var documents = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        var records = documents.SelectMany(document => Records(_random, 200, collection, document)).ToList();
        var replacements = records.Skip(1_900).Select(record => record with { Vector = UnitVector(_random) }).ToList();
        var current = records.Skip(800).Take(1_100).Concat(replacements).ToList();
        var queries = Enumerable.Range(0, 10).Select(_ => UnitVector(_random)).ToList();
        var options = SmallSegments with { CompactionMinDeadRows = int.MaxValue };
        using (var index = new EmbeddedVectorIndex(_directory.Path, Dimension, options))
        {
            await index.UpsertAsync(records);
            foreach (var document in documents.Take(4))
                await index.DeleteDocumentAsync(collection, document);
            await index.UpsertAsync(replacements);

            await index.CompactAsync();

            Assert.Equal(1_200, index.Count);
            foreach (var query in queries)
                AssertSameHits(NaiveTop(current, query, 10), await index.SearchAsync(collection, query, 10));
            var inLastDocument = current.Where(record => record.DocumentId == documents[9]);
            AssertSameHits(NaiveTop(inLastDocument, queries[0], 10), await index.SearchAsync(collection, queries[0], 10, documents[9]));
        }

        var segmentFiles = Directory.GetFiles(_directory.Path, "*.seg");
        Assert.All(segmentFiles, path => Assert.StartsWith("g000002-", Path.GetFileName(path)));
        Assert.Equal(5, segmentFiles.Length); // 1,200 rows in 256-row segments
        using var reopened = new EmbeddedVectorIndex(_directory.Path, Dimension, options);
        foreach (var query in queries)
            AssertSameHits(NaiveTop(current, query, 10), await reopened.SearchAsync(collection, query, 10));
    }

    [Fact]
    public async Task Compaction_starts_by_itself_once_enough_rows_are_dead()
    {
        var collection = Guid.NewGuid();
        var (kept, deleted) = (Guid.NewGuid(), Guid.NewGuid());
        var keptRecords = Records(_random, 600, collection, kept);
        var options = SmallSegments with { CompactionMinDeadRows = 100, CompactionDeadFraction = 0.3 };
        using var index = new EmbeddedVectorIndex(_directory.Path, Dimension, options);
        await index.UpsertAsync([.. keptRecords, .. Records(_random, 400, collection, deleted)]);

        await index.DeleteDocumentAsync(collection, deleted);

        Assert.All(Directory.GetFiles(_directory.Path, "*.seg"), path => Assert.StartsWith("g000002-", Path.GetFileName(path)));
        var query = UnitVector(_random);
        AssertSameHits(NaiveTop(keptRecords, query, 10), await index.SearchAsync(collection, query, 10));
    }
}
