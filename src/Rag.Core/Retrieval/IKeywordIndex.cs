using Rag.Core.Domain;

namespace Rag.Core.Retrieval;

/// <summary>A hit from an index: the chunk id and the index's own score (higher is better).</summary>
public readonly record struct ChunkHit(Guid ChunkId, float Score);

/// <summary>Full-text (BM25) index of chunks. Upserts by chunk id, so indexing the same chunk twice is harmless.
/// Collections are indexed apart: a score depends only on the searched collection's chunks.</summary>
public interface IKeywordIndex
{
    Task UpsertAsync(IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default);
    /// <summary>Makes <paramref name="chunks"/> the document's only chunks, in one durable write.</summary>
    Task ReplaceDocumentAsync(Guid collectionId, Guid documentId, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default);

    Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default);
    Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default);

    /// <summary>Top hits for <paramref name="query"/> within one collection (optionally one document).</summary>
    Task<IReadOnlyList<ChunkHit>> SearchAsync(Guid collectionId, string query, int top, Guid? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="words"/> that some chunk of the collection holds (as the index analyses them:
    /// a word counts when any of its indexed terms occurs).</summary>
    Task<IReadOnlySet<string>> KnownWordsAsync(Guid collectionId, IReadOnlyCollection<string> words, CancellationToken cancellationToken = default);

    /// <summary>Number of chunks indexed for one collection (optionally one document), for consistency checks.</summary>
    Task<int> CountAsync(Guid collectionId, Guid? documentId = null, CancellationToken cancellationToken = default);
}
