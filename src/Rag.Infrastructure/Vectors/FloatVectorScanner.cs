using System.Numerics.Tensors;

namespace Rag.Infrastructure.Vectors;

/// <summary>Exact scan: SIMD dot product of the query with each mapped float32 vector.</summary>
internal sealed class FloatVectorScanner : IVectorScanner
{
    public static readonly FloatVectorScanner Instance = new();

    public void Scan(SegmentSet rows, ReadOnlySpan<int> candidates, ReadOnlySpan<float> query, DeadRows dead, TopK best)
    {
        foreach (var row in candidates)
        {
            if (!dead.IsDead(row))
                best.Offer(TensorPrimitives.Dot(rows.Vector(row), query), row);
        }
    }
}
