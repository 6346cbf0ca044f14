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
}
