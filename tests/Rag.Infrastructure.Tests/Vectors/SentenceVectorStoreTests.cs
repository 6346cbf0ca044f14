using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class SentenceVectorStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private string FilePath => Path.Combine(_directory.Path, "sentences.bin");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Vectors_stored_at_ingestion_are_found_after_reopening()
    {
        using (var store = new SentenceVectorStore(FilePath, 3))
            store.Add([("The pump runs at 12 bar.", new float[] { 1, 2, 3 }), ("It was built in 1998.", new float[] { 4, 5, 6 })]);

        using var reopened = new SentenceVectorStore(FilePath, 3);
        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.TryGet("It was built in 1998.", out var vector));
        Assert.Equal([4f, 5f, 6f], vector.ToArray());
        Assert.False(reopened.Contains("It was built in 1999."));
    }

    [Fact]
    public void A_record_torn_by_a_crash_is_dropped_and_the_earlier_ones_kept()
    {
        using (var store = new SentenceVectorStore(FilePath, 3))
            store.Add([("First sentence.", new float[] { 1, 0, 0 }), ("Second sentence.", new float[] { 0, 1, 0 })]);
        using (var file = File.Open(FilePath, FileMode.Open)) file.SetLength(file.Length - 5);

        using (var reopened = new SentenceVectorStore(FilePath, 3))
        {
            Assert.True(reopened.Contains("First sentence."));
            Assert.False(reopened.Contains("Second sentence."));
            reopened.Add([("Second sentence.", new float[] { 0, 1, 0 })]);
        }
        using var again = new SentenceVectorStore(FilePath, 3);
        Assert.True(again.TryGet("Second sentence.", out var vector));
        Assert.Equal([0f, 1f, 0f], vector.ToArray());
    }

    [Fact]
    public void Compacting_drops_the_vectors_no_document_holds_and_keeps_those_stored_meanwhile()
    {
        using (var store = new SentenceVectorStore(FilePath, 3))
        {
            store.Add([("Kept sentence.", new float[] { 1, 0, 0 }), ("Deleted sentence.", new float[] { 0, 1, 0 }), ("Also deleted.", new float[] { 0, 0, 1 })]);
            var before = store.End;
            store.Add([("Stored while the live sentences were gathered.", new float[] { 2, 2, 2 })]);

            Assert.True(store.CompactionDue);
            Assert.Equal(2, store.Compact(before, Live("Kept sentence.", "A sentence with no vector yet.")));
            Assert.False(store.CompactionDue);

            Assert.Equal(2, store.Count);
            Assert.False(store.Contains("Deleted sentence."));
            Assert.True(store.TryGet("Stored while the live sentences were gathered.", out var meanwhile));
            Assert.Equal([2f, 2f, 2f], meanwhile.ToArray());
            store.Add([("Added after compacting.", new float[] { 3, 3, 3 })]);
            Assert.True(store.CompactionDue, "grown from 2 to 3 vectors");
            Assert.Equal(0, store.Compact(store.End, Live("Kept sentence.", "Stored while the live sentences were gathered.", "Added after compacting.")));
            Assert.False(store.CompactionDue);
        }
        Assert.Equal(3 * (16 + 3 * sizeof(float)), new FileInfo(FilePath).Length);
        using var reopened = new SentenceVectorStore(FilePath, 3);
        Assert.True(reopened.TryGet("Kept sentence.", out var kept));
        Assert.Equal([1f, 0f, 0f], kept.ToArray());
        Assert.True(reopened.TryGet("Added after compacting.", out var added));
        Assert.Equal([3f, 3f, 3f], added.ToArray());
        Assert.Equal(3, reopened.Count);
    }

    private static SentenceVectorStore.LiveSentences Live(params string[] sentences)
    {
        var live = new SentenceVectorStore.LiveSentences();
        foreach (var sentence in sentences) live.Add(sentence);
        return live;
    }
}
