using System.Collections.Concurrent;

namespace Rag.Infrastructure.Vectors;

/// <summary>Vectors of texts already embedded, so the same text does not cost a second encoder pass. Bounded: cleared
/// when full, which costs at most one more pass per text.</summary>
internal sealed class VectorCache(int capacity)
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<float>> _vectors = new(StringComparer.Ordinal);

    public bool TryGet(string text, out ReadOnlyMemory<float> vector) => _vectors.TryGetValue(text, out vector);

    public void Add(string text, ReadOnlyMemory<float> vector)
    {
        if (_vectors.Count >= capacity) _vectors.Clear();
        _vectors[text] = vector;
    }
}
