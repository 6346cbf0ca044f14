using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Rag.Core.Chunking;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// One encoder queue for all documents being ingested: passages handed in by several documents at once are embedded
/// together, in calls of up to <c>maxBatchTokens</c> tokens, so that short documents (a chunk or two each) still run
/// the encoder at a full batch. A request that arrives while the encoder is idle waits at most <c>maxWait</c> for
/// company. Requests are served oldest first, and a long request is split across calls, so a small document waits
/// at most about one call behind a large one.
/// </summary>
public sealed class EmbeddingBatcher : IAsyncDisposable
{
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
                if (Tokens(waiting) < _maxBatchTokens) await GatherAsync(waiting, stopping);
                var batch = Take(waiting);
                if (batch.Count > 0) await EmbedAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        Drain(waiting);
        foreach (var request in waiting) request.Done.TrySetException(new ObjectDisposedException(nameof(EmbeddingBatcher)));
    }

    /// <summary>Waits up to the maximum wait for more requests, until a full batch is there.</summary>
    private async Task GatherAsync(Queue<Request> waiting, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_maxWait);
        try
        {
            while (Tokens(waiting) < _maxBatchTokens && await _requests.Reader.WaitToReadAsync(deadline.Token))
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

    /// <summary>Passages of the oldest requests, in order, up to the token budget (a passage over the budget goes
    /// alone); requests given up by their callers are dropped.</summary>
    private List<Slice> Take(Queue<Request> waiting)
    {
        var batch = new List<Slice>();
        var tokens = 0;
        while (waiting.TryPeek(out var request))
        {
            if (request.Done.Task.IsCompleted)
            {
                waiting.Dequeue();
                continue;
            }
            var start = request.Next;
            while (request.Next < request.Passages.Count && (tokens == 0 || tokens + request.TokenCounts[request.Next] <= _maxBatchTokens))
            {
                tokens += request.TokenCounts[request.Next];
                request.RemainingTokens -= request.TokenCounts[request.Next++];
            }
            if (request.Next > start) batch.Add(new Slice(request, start, request.Next - start));
            if (request.Next < request.Passages.Count) break;
            waiting.Dequeue();
        }
        return batch;
    }

    private async Task EmbedAsync(List<Slice> batch)
    {
        try
        {
            var texts = batch.SelectMany(s => s.Request.Passages.Skip(s.Start).Take(s.Count)).ToList();
            var embeddings = await _generator.GenerateAsync(texts, cancellationToken: CancellationToken.None);
            var offset = 0;
            foreach (var slice in batch)
            {
                for (var i = 0; i < slice.Count; i++) slice.Request.Vectors[slice.Start + i] = embeddings[offset + i].Vector;
                offset += slice.Count;
                if (slice.Start + slice.Count == slice.Request.Passages.Count) slice.Request.Done.TrySetResult(slice.Request.Vectors);
            }
        }
        catch (Exception e)
        {
            foreach (var slice in batch) slice.Request.Done.TrySetException(e);
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

        /// <summary>The first passage not yet handed to the encoder.</summary>
        public int Next { get; set; }

        public int RemainingTokens { get; set; } = tokenCounts.Sum();
    }

    private sealed record Slice(Request Request, int Start, int Count);
}
