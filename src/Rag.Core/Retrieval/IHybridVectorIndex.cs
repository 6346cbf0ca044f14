namespace Rag.Core.Retrieval;

/// <summary>A vector index that also keeps each chunk's terms (as sparse vectors) and fuses keyword and vector
/// rankings itself, server-side. Where the index offers this, hybrid search is delegated to it.</summary>
public interface IHybridVectorIndex : IVectorIndex
{
    /// <summary>Upserts the records with the text of each (<paramref name="texts"/>[i] belongs to <paramref name="records"/>[i]).</summary>
    Task UpsertAsync(IReadOnlyList<VectorRecord> records, IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>The best <paramref name="top"/> chunks by reciprocal rank fusion of the <paramref name="depth"/> best
    /// by vector and the <paramref name="depth"/> best by keywords.</summary>
    Task<IReadOnlyList<ChunkHit>> HybridSearchAsync(Guid collectionId, ReadOnlyMemory<float> query, string queryText, int top, int depth,
        Guid? documentId = null, CancellationToken cancellationToken = default);
}
