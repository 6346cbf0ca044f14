using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Rag.Core.Chunking;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// One encoder queue for all documents being ingested, so that short documents (a chunk or two each) do not run the
/// encoder at batch size one or two. Each round gathers the waiting passages of several documents (oldest request
/// first, up to <see cref="RoundBatches"/> batches' worth of tokens; a long request is split across rounds, so a small
/// document waits at most about one round behind a large one), sorts them by length and embeds them in encoder calls of
/// at most <c>maxBatchTokens</c> padded tokens (passages × longest), so batches are full and padding is small. A request
/// that arrives while the encoder is idle waits at most <c>maxWait</c> for company.
/// </summary>
public sealed class EmbeddingBatcher : IAsyncDisposable
{
    /// <summary>Encoder batches' worth of tokens gathered per round: the more there are to sort, the less padding.</summary>
    public const int RoundBatches = 16;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly ITokenCounter _tokens;
    private readonly int _maxBatchTokens;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public EmbeddingBatcher(IEmbeddingGenerator<string, Embedding<float>> generator, ITokenCounter tokens, int maxBatchTokens, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchTokens, 1);
        (_generator, _tokens, _maxBatchTokens, _maxWait) = (generator, tokens, maxBatchTokens, maxWait);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    private int RoundTokens => _maxBatchTokens * RoundBatches;

    /// <summary>Embeds the passages (with the model's passage prefix); vectors come back in input order.</summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassagesAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0) return [];
        var request = new Request(passages, passages.Select(_tokens.CountTokens).ToArray());
        await using var registration = cancellationToken.Register(() => request.Done.TrySetCanceled(cancellationToken));
        if (!_requests.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(EmbeddingBatcher));
        return await request.Done.Task;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var waiting = new Queue<Request>();
        try
        {
            while (true)
            {
                if (waiting.Count == 0 && !await _requests.Reader.WaitToReadAsync(stopping)) return;
                Drain(waiting);
                if (Tokens(waiting) < RoundTokens) await GatherAsync(waiting, stopping);
                foreach (var batch in Batches(Take(waiting))) await EmbedAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        Drain(waiting);
        foreach (var request in waiting) request.Done.TrySetException(new ObjectDisposedException(nameof(EmbeddingBatcher)));
    }

    /// <summary>Waits up to the maximum wait for more requests, until a full round is there.</summary>
    private async Task GatherAsync(Queue<Request> waiting, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_maxWait);
        try
        {
            while (Tokens(waiting) < RoundTokens && await _requests.Reader.WaitToReadAsync(deadline.Token))
                Drain(waiting);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
        }
    }

    private void Drain(Queue<Request> waiting)
    {
        while (_requests.Reader.TryRead(out var request)) waiting.Enqueue(request);
    }

    private static int Tokens(Queue<Request> waiting) => waiting.Sum(r => r.Done.Task.IsCompleted ? 0 : r.RemainingTokens);

    /// <summary>Passages of the oldest requests, in order, up to a round's tokens (at least one passage); requests
    /// given up by their callers are dropped.</summary>
    private List<Passage> Take(Queue<Request> waiting)
    {
        var round = new List<Passage>();
        var tokens = 0;
        while (waiting.TryPeek(out var request))
        {
            if (request.Done.Task.IsCompleted)
            {
                waiting.Dequeue();
                continue;
            }
            while (request.Next < request.Passages.Count && (tokens == 0 || tokens + request.TokenCounts[request.Next] <= RoundTokens))
            {
                var passage = new Passage(request, request.Next++);
                tokens += passage.Tokens;
                request.RemainingTokens -= passage.Tokens;
                round.Add(passage);
            }
            if (request.Next < request.Passages.Count) break;
            waiting.Dequeue();
        }
        return round;
    }

    /// <summary>The round's passages shortest first, cut into encoder calls of at most the padded-token budget.</summary>
    private IEnumerable<List<Passage>> Batches(List<Passage> round)
    {
        var batch = new List<Passage>();
        foreach (var passage in round.OrderBy(p => p.Tokens))
        {
            if (batch.Count > 0 && (batch.Count + 1) * passage.Tokens > _maxBatchTokens)
            {
                yield return batch;
                batch = [];
            }
            batch.Add(passage);
        }
        if (batch.Count > 0) yield return batch;
    }

    private async Task EmbedAsync(List<Passage> batch)
    {
        batch.RemoveAll(p => p.Request.Done.Task.IsCompleted);
        if (batch.Count == 0) return;
        try
        {
            var embeddings = await _generator.GenerateAsync(batch.Select(p => p.Text), cancellationToken: CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i].Request;
                request.Vectors[batch[i].Index] = embeddings[i].Vector;
                if (--request.Unembedded == 0) request.Done.TrySetResult(request.Vectors);
            }
        }
        catch (Exception e)
        {
            foreach (var passage in batch) passage.Request.Done.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private sealed class Request(IReadOnlyList<string> passages, int[] tokenCounts)
    {
        public IReadOnlyList<string> Passages { get; } = passages;
        public int[] TokenCounts { get; } = tokenCounts;
        public ReadOnlyMemory<float>[] Vectors { get; } = new ReadOnlyMemory<float>[passages.Count];
        public TaskCompletionSource<IReadOnlyList<ReadOnlyMemory<float>>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The first passage not yet taken into a round.</summary>
        public int Next { get; set; }

        public int RemainingTokens { get; set; } = tokenCounts.Sum();
        public int Unembedded { get; set; } = passages.Count;
    }

    private sealed record Passage(Request Request, int Index)
    {
        public string Text => Request.Passages[Index];
        public int Tokens => Request.TokenCounts[Index];
    }
}
