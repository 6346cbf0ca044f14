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
/// that arrives while the encoder is idle waits at most <c>maxWait</c> for company. Work that may wait (<see
/// cref="EmbedWhenIdleAsync"/>) runs one encoder call at a time, and only while no document's passages wait.
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
    private readonly Channel<Request> _idleRequests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
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
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedPassagesAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken) =>
        EnqueueAsync(_requests, passages, cancellationToken);

    /// <summary>Like <see cref="EmbedPassagesAsync"/>, for work that may wait: embedded only while no document's
    /// passages wait, one encoder call at a time, so it never holds up ingestion by more than one call.</summary>
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedWhenIdleAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken) =>
        EnqueueAsync(_idleRequests, passages, cancellationToken);

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> EnqueueAsync(Channel<Request> lane, IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0) return [];
        var request = new Request(passages, passages.Select(_tokens.CountTokens).ToArray());
        await using var registration = cancellationToken.Register(() => request.Done.TrySetCanceled(cancellationToken));
        if (!lane.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(EmbeddingBatcher));
        return await request.Done.Task;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var waiting = new Queue<Request>();
        var idle = new Queue<Request>();
        try
        {
            while (true)
            {
                Drain(_requests, waiting);
                if (waiting.Count == 0)
                {
                    Drain(_idleRequests, idle);
                    if (Tokens(idle) > 0)
                        foreach (var batch in Batches(Take(idle, _maxBatchTokens))) await EmbedAsync(batch);
                    else if (!await AnyRequestAsync(stopping)) break;
                    continue;
                }
                if (Tokens(waiting) < RoundTokens) await GatherAsync(waiting, stopping);
                foreach (var batch in Batches(Take(waiting, RoundTokens))) await EmbedAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        Drain(_requests, waiting);
        Drain(_idleRequests, idle);
        foreach (var request in waiting.Concat(idle)) request.Done.TrySetException(new ObjectDisposedException(nameof(EmbeddingBatcher)));
    }

    /// <summary>Waits for a request in either lane; false once they are closed (they close together).</summary>
    private async Task<bool> AnyRequestAsync(CancellationToken stopping)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var main = _requests.Reader.WaitToReadAsync(waiting.Token).AsTask();
        var idle = _idleRequests.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(main, idle);
        stopping.ThrowIfCancellationRequested();
        // The lane that is still waiting is let go, so that no waiter is left behind on it.
        await waiting.CancelAsync();
        return main is { IsCompletedSuccessfully: true, Result: true } || idle is { IsCompletedSuccessfully: true, Result: true };
    }

    /// <summary>Waits up to the maximum wait for more requests, until a full round is there.</summary>
    private async Task GatherAsync(Queue<Request> waiting, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_maxWait);
        try
        {
            while (Tokens(waiting) < RoundTokens && await _requests.Reader.WaitToReadAsync(deadline.Token))
                Drain(_requests, waiting);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
        }
    }

    private static void Drain(Channel<Request> lane, Queue<Request> waiting)
    {
        while (lane.Reader.TryRead(out var request)) waiting.Enqueue(request);
    }

    private static int Tokens(Queue<Request> waiting) => waiting.Sum(r => r.Done.Task.IsCompleted ? 0 : r.RemainingTokens);

    /// <summary>Passages of the oldest requests, in order, up to the given tokens (at least one passage); requests
    /// given up by their callers are dropped.</summary>
    private static List<Passage> Take(Queue<Request> waiting, int maxTokens)
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
            while (request.Next < request.Passages.Count && (tokens == 0 || tokens + request.TokenCounts[request.Next] <= maxTokens))
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
        _idleRequests.Writer.TryComplete();
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
