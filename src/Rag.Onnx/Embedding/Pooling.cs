using System.Numerics.Tensors;

namespace Rag.Onnx.Embedding;

internal static class Pooling
{
    /// <summary>
    /// Pools one row of last_hidden_state ([sequence, hidden], right-padded, <paramref name="length"/> real tokens)
    /// into <paramref name="destination"/> and scales it to unit length.
    /// </summary>
    public static void PoolAndNormalize(ReadOnlySpan<float> rowStates, int length, int hidden, PoolingMode mode, Span<float> destination)
    {
        rowStates[..hidden].CopyTo(destination);
        if (mode == PoolingMode.Mean)
        {
            for (var t = 1; t < length; t++) TensorPrimitives.Add(destination, rowStates.Slice(t * hidden, hidden), destination);
            TensorPrimitives.Divide(destination, length, destination);
        }
        var norm = TensorPrimitives.Norm(destination);
        TensorPrimitives.Divide(destination, MathF.Max(norm, 1e-12f), destination);
    }
}
