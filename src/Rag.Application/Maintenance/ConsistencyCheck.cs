using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Storage;
using Rag.Infrastructure.Vectors;

namespace Rag.Application.Maintenance;

/// <summary>Chunks per store for one collection (or one document of it). <see cref="VectorChunks"/> is null when no
/// embedding model is configured. Counts differ legitimately while documents are still being ingested
/// (<see cref="DocumentsInProgress"/>), because the indexes are written before the database.</summary>
public sealed record ConsistencyReport(
    string Collection,
    Guid? DocumentId,
    int DatabaseChunks,
    int KeywordChunks,
    int? VectorChunks,
    int DocumentsInProgress)
{
    public bool Consistent => KeywordChunks == DatabaseChunks && (VectorChunks is null || VectorChunks == DatabaseChunks);
}

/// <summary>Compares how many chunks the database, the keyword index and the vector index hold, to show after a
/// crash or a fault whether the stores still agree.</summary>
public sealed class ConsistencyCheck(IDbContextFactory<RagDbContext> contexts, IKeywordIndex keywordIndex, SemanticSearch semantic)
{
    public async Task<ConsistencyReport> RunAsync(string collectionName, Guid? documentId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == collectionName, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(collectionName);
        var documents = db.Documents.Where(d => d.CollectionId == collection.Id);
        var chunks = db.Chunks.Where(c => c.CollectionId == collection.Id);
        if (documentId is { } id)
        {
            if (!await documents.AnyAsync(d => d.Id == id, cancellationToken))
                throw RequestRejectedException.DocumentNotFound(id);
            documents = documents.Where(d => d.Id == id);
            chunks = chunks.Where(c => c.DocumentId == id);
        }

        var inProgress = await documents.CountAsync(d => d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing, cancellationToken);
        var databaseChunks = await chunks.CountAsync(cancellationToken);
        var keywordChunks = await keywordIndex.CountAsync(collection.Id, documentId, cancellationToken);
        int? vectorChunks = semantic.TryGetIndex(out var index) ? await index.Index.CountAsync(collection.Id, documentId, cancellationToken) : null;
        return new ConsistencyReport(collection.Name, documentId, databaseChunks, keywordChunks, vectorChunks, inProgress);
    }
}
