using Microsoft.Extensions.Logging.Abstractions;
using Rag.Core.Chunking;
using Rag.Core.Domain;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class SemanticIndexTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sentences_of_an_ingested_document_are_compared_with_a_question_without_an_encoder_pass_over_them()
    {
        var encoder = new RecordingEncoder();
        await using var index = Open(encoder);
        var (collection, document) = (Guid.NewGuid(), Guid.NewGuid());
        string[] sentences = ["The pump runs at twelve bar of pressure.", "It was installed in the basement in 1998.", "Service it every year."];
        var chunk = new Chunk { Id = Guid.NewGuid(), CollectionId = collection, DocumentId = document, Text = string.Join(" ", sentences) };

        await index.ReplaceDocumentAsync(collection, document, [chunk], new Progress<(int, int)>(), CancellationToken.None);
        await index.SentenceVectorsStored;
        encoder.Calls.Clear();
        var similarities = await index.CompareAsync("When was the pump installed?", sentences, CancellationToken.None);

        Assert.Equal(["When was the pump installed?"], Assert.Single(encoder.Calls));
        var question = RecordingEncoder.VectorOf("When was the pump installed?");
        var expected = sentences.Select(s => Cosine(question, RecordingEncoder.VectorOf(s))).ToArray();
        for (var i = 0; i < sentences.Length; i++) Assert.Equal(expected[i], similarities[i], 5);
    }

    [Fact]
    public async Task A_document_is_ready_before_its_sentence_vectors_are_stored()
    {
        var encoder = new RecordingEncoder { Hold = new(), HoldWhen = texts => texts.Contains("Second long sentence of it.") };
        await using var index = Open(encoder);
        var (collection, document) = (Guid.NewGuid(), Guid.NewGuid());
        var chunk = new Chunk { Id = Guid.NewGuid(), CollectionId = collection, DocumentId = document, Text = "First long sentence of the text here. Second long sentence of it." };

        // Were the sentences part of the document's ingestion, this would wait for the held encoder call.
        await index.ReplaceDocumentAsync(collection, document, [chunk], new Progress<(int, int)>(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await index.Index.SearchAsync(collection, RecordingEncoder.VectorOf(chunk.Text), 5));
        await encoder.HeldCallStarted;
        Assert.False(index.SentenceVectorsStored.IsCompleted);

        encoder.Hold.SetResult();
        await index.SentenceVectorsStored;
        encoder.Calls.Clear();
        await index.CompareAsync("Which sentence?", ["Second long sentence of it."], CancellationToken.None);
        Assert.Equal(["Which sentence?"], Assert.Single(encoder.Calls));
    }

    private SemanticIndex Open(RecordingEncoder encoder) =>
        new(encoder, new EmbeddingBatcher(encoder, new ApproximateTokenCounter(), maxBatchTokens: 1000, maxWait: TimeSpan.Zero),
            new EmbeddedVectorIndex(Path.Combine(_directory.Path, "index"), 2), new SentenceVectorStore(Path.Combine(_directory.Path, "sentences.bin"), 2),
            "recording", NullLogger<SemanticIndex>.Instance);

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(y => (double)y * y));
}
