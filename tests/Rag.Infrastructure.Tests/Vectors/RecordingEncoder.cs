using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Rag.Infrastructure.Tests.Vectors;

/// <summary>Records each call's texts; a text's vector is derived from the text, so mix-ups show. With <see cref="Hold"/>
/// set, the calls that <see cref="HoldWhen"/> picks (all by default) wait until it completes, so that a test can queue
/// work behind a running call.</summary>
internal sealed class RecordingEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly TaskCompletionSource _heldCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<IReadOnlyList<string>> Calls { get; } = new();

    public TaskCompletionSource? Hold { get; init; }

    public Func<IReadOnlyList<string>, bool> HoldWhen { get; init; } = _ => true;

    /// <summary>Completes when the first held call has started.</summary>
    public Task HeldCallStarted => _heldCallStarted.Task;

    public static float[] VectorOf(string text) => [text.Length, text.GetHashCode() % 1000];

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Calls.Enqueue(texts);
        if (Hold is not null && HoldWhen(texts))
        {
            _heldCallStarted.TrySetResult();
            await Hold.Task;
        }
        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorOf(t))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
