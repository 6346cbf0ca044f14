using Rag.Core.Chunking;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Tests.Vectors;

public sealed class EmbeddingBatcherTests
{
    [Fact]
    public async Task Passages_of_documents_handed_in_together_share_one_encoder_call_and_each_gets_its_own_vectors()
    {
        var encoder = new RecordingEncoder();
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 1000, maxWait: TimeSpan.FromMilliseconds(500));
        var documents = Enumerable.Range(0, 5).Select(d => new[] { $"document {d} first", $"document {d} second passage" }).ToArray();

        var vectors = await Task.WhenAll(documents.Select(d => batcher.EmbedPassagesAsync(d, CancellationToken.None)));

        Assert.Equal(10, Assert.Single(encoder.Calls).Count);
        for (var d = 0; d < documents.Length; d++)
            Assert.Equal(documents[d].Select(RecordingEncoder.VectorOf), vectors[d].Select(v => v.ToArray()));
    }

    [Fact]
    public async Task Encoder_calls_stay_within_the_padded_token_budget()
    {
        var encoder = new RecordingEncoder();
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 25, maxWait: TimeSpan.Zero);
        var passages = Enumerable.Range(0, 7).Select(i => $"passage {i} of ten words each one two three four").ToArray();

        var vectors = await batcher.EmbedPassagesAsync(passages, CancellationToken.None);

        Assert.Equal(passages.Select(RecordingEncoder.VectorOf), vectors.Select(v => v.ToArray()));
        Assert.Equal([2, 2, 2, 1], encoder.Calls.Select(c => c.Count));
    }

    [Fact]
    public async Task Passages_of_similar_length_share_a_call_so_that_padding_is_small()
    {
        var encoder = new RecordingEncoder();
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 22, maxWait: TimeSpan.FromMilliseconds(500));
        const string longer = "a passage of ten words that is the longer kind";

        await Task.WhenAll(batcher.EmbedPassagesAsync(["short", longer], CancellationToken.None),
            batcher.EmbedPassagesAsync(["brief", longer + " too"], CancellationToken.None));

        Assert.Equal([["short", "brief"], [longer, longer + " too"]], encoder.Calls.Select(c => c.ToArray()));
    }

    [Fact]
    public async Task A_cancelled_request_does_not_hold_up_the_others()
    {
        var encoder = new RecordingEncoder();
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 1000, maxWait: TimeSpan.FromMilliseconds(300));
        using var cancelled = new CancellationTokenSource();
        var givenUp = batcher.EmbedPassagesAsync(["given up"], cancelled.Token);
        var kept = batcher.EmbedPassagesAsync(["kept"], CancellationToken.None);

        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givenUp);
        Assert.Equal(RecordingEncoder.VectorOf("kept"), (await kept).Single().ToArray());
        Assert.DoesNotContain("given up", encoder.Calls.SelectMany(c => c));
    }

    [Fact]
    public async Task Work_that_may_wait_is_embedded_after_the_document_passages_waiting_with_it()
    {
        var encoder = new RecordingEncoder { Hold = new() };
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 1000, maxWait: TimeSpan.Zero);
        var first = batcher.EmbedPassagesAsync(["first document"], CancellationToken.None);
        await encoder.HeldCallStarted;

        var sentences = batcher.EmbedWhenIdleAsync(["a sentence", "another sentence"], CancellationToken.None);
        var second = batcher.EmbedPassagesAsync(["second document"], CancellationToken.None);
        encoder.Hold.SetResult();
        await Task.WhenAll(first, second, sentences);

        Assert.Equal([["first document"], ["second document"], ["a sentence", "another sentence"]], encoder.Calls.Select(c => c.ToArray()));
        Assert.Equal(RecordingEncoder.VectorOf("another sentence"), (await sentences)[1].ToArray());
    }

    [Fact]
    public async Task Work_that_may_wait_holds_a_document_up_by_one_encoder_call_at_most()
    {
        var encoder = new RecordingEncoder { Hold = new() };
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 4, maxWait: TimeSpan.Zero);
        var sentences = batcher.EmbedWhenIdleAsync(["one a", "two b", "three c", "four d"], CancellationToken.None);
        await encoder.HeldCallStarted;

        var document = batcher.EmbedPassagesAsync(["the document"], CancellationToken.None);
        encoder.Hold.SetResult();
        await Task.WhenAll(document, sentences);

        Assert.Equal([["one a", "two b"], ["the document"], ["three c", "four d"]], encoder.Calls.Select(c => c.ToArray()));
    }

    [Fact]
    public async Task Disposing_fails_the_work_still_waiting_in_either_lane_and_does_not_hang()
    {
        var encoder = new RecordingEncoder { Hold = new() };
        var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 4, maxWait: TimeSpan.Zero);
        var running = batcher.EmbedPassagesAsync(["the running one"], CancellationToken.None);
        await encoder.HeldCallStarted;
        var document = batcher.EmbedPassagesAsync(["a waiting document"], CancellationToken.None);
        var sentences = batcher.EmbedWhenIdleAsync(["one a", "two b", "three c"], CancellationToken.None);

        var disposing = batcher.DisposeAsync().AsTask();
        encoder.Hold.SetResult();
        await disposing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RecordingEncoder.VectorOf("the running one"), (await running).Single().ToArray());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => document);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sentences);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EmbedWhenIdleAsync(["late"], CancellationToken.None));
    }

    [Fact]
    public async Task Many_documents_and_idle_work_at_once_all_get_their_own_vectors()
    {
        var encoder = new RecordingEncoder();
        await using var batcher = new EmbeddingBatcher(encoder, new WordCounter(), maxBatchTokens: 16, maxWait: TimeSpan.FromMilliseconds(1));
        var documents = Enumerable.Range(0, 40).Select(d => Enumerable.Range(0, 5).Select(p => $"document {d} passage {p}").ToArray()).ToArray();
        var idle = Enumerable.Range(0, 40).Select(d => Enumerable.Range(0, 7).Select(p => $"sentence {p} of {d}").ToArray()).ToArray();

        var documentTasks = documents.Select(d => Task.Run(() => batcher.EmbedPassagesAsync(d, CancellationToken.None))).ToArray();
        var idleTasks = idle.Select(d => Task.Run(() => batcher.EmbedWhenIdleAsync(d, CancellationToken.None))).ToArray();
        var vectors = await Task.WhenAll(documentTasks.Concat(idleTasks)).WaitAsync(TimeSpan.FromSeconds(60));

        var texts = documents.Concat(idle).ToArray();
        for (var i = 0; i < texts.Length; i++)
            Assert.Equal(texts[i].Select(RecordingEncoder.VectorOf), vectors[i].Select(v => v.ToArray()));
    }

    private sealed class WordCounter : ITokenCounter
    {
        public int CountTokens(string text) => text.Split(' ').Length;
    }
}
