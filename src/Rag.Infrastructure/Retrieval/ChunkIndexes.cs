using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Retrieval;

/// <summary>Every index that holds chunks (keyword, and vectors when a model is configured), for removals
/// that must reach all of them.</summary>
public sealed class ChunkIndexes(IKeywordIndex keywordIndex, SemanticSearch semantic)
{
    public async Task DeleteDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken = default)
    {
        await keywordIndex.DeleteDocumentAsync(collectionId, documentId, cancellationToken);
        if (semantic.TryGetIndex(out var index)) await index.Index.DeleteDocumentAsync(collectionId, documentId, cancellationToken);
    }

    public async Task DeleteCollectionAsync(Guid collectionId, CancellationToken cancellationToken = default)
    {
        await keywordIndex.DeleteCollectionAsync(collectionId, cancellationToken);
        if (semantic.TryGetIndex(out var index)) await index.Index.DeleteCollectionAsync(collectionId, cancellationToken);
    }
}
