namespace Rag.Core.Retrieval;

/// <summary>A chunk's embedding plus the keys the index filters on.</summary>
public sealed record VectorRecord(Guid ChunkId, Guid CollectionId, Guid DocumentId, ReadOnlyMemory<float> Vector);

/// <summary>Nearest-neighbour index of chunk embeddings (cosine on L2-normalised vectors). Upserts by chunk id.</summary>
public interface IVectorIndex
{
    Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);
    /// <summary>Removes every vector of the document, which lives in <paramref name="collectionId"/>.</summary>
    Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default);
    Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, ReadOnlyMemory<float> query, int top, Guid? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>Number of live vectors of one collection (optionally one document), for consistency checks.</summary>
    Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default);
}
