namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>Qdrant's sparse vector: distinct dimension indices (ascending) and their weights.</summary>
public sealed record SparseVector(uint[] Indices, float[] Values)
{
    public bool IsEmpty => Indices.Length == 0;
}
