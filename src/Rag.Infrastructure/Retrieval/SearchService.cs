using Microsoft.EntityFrameworkCore;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Retrieval;

public enum SearchMode { Keyword, Vector, Hybrid }

public sealed record SearchRequest(string Collection, string Query, int Top = 10, SearchMode? Mode = null, Guid? DocumentId = null);

/// <summary>Finds the best chunks of one collection for a query and returns them with document name, page and span.</summary>
public sealed class SearchService(RagDbContext db, IKeywordIndex keywordIndex)
{
    public const int MaxTop = 1000;

    public async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
            throw new RequestRejectedException(RejectionKind.BadRequest, "Empty query", "The query is empty.");
        if (request.Top is < 1 or > MaxTop)
            throw new RequestRejectedException(RejectionKind.BadRequest, "Bad top", $"'top' must be between 1 and {MaxTop}.");
        var mode = request.Mode ?? SearchMode.Keyword;
        if (mode != SearchMode.Keyword)
            throw new RequestRejectedException(RejectionKind.BadRequest, "Mode unavailable", $"Search mode '{mode.ToString().ToLowerInvariant()}' needs an embedding model; none is configured. Use 'keyword'.");

        var collection = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == request.Collection, cancellationToken)
            ?? throw RequestRejectedException.CollectionNotFound(request.Collection);

        var hits = await keywordIndex.SearchAsync(collection.Id, request.Query, request.Top, request.DocumentId, cancellationToken);
        return await HydrateAsync(hits, cancellationToken);
    }

    /// <summary>Loads the hits' chunks with their documents, in rank order. Hits without a stored chunk
    /// (a document deleted a moment ago) are dropped, so the database decides what exists.</summary>
    private async Task<IReadOnlyList<RetrievedChunk>> HydrateAsync(IReadOnlyList<ChunkHit> hits, CancellationToken cancellationToken)
    {
        var ids = hits.Select(h => h.ChunkId).ToList();
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Join(db.Documents, c => c.DocumentId, d => d.Id, (c, d) => new { Chunk = c, d.FileName })
            .ToDictionaryAsync(x => x.Chunk.Id, cancellationToken);
        return hits
            .Where(h => rows.ContainsKey(h.ChunkId))
            .Select(h =>
            {
                var row = rows[h.ChunkId];
                var c = row.Chunk;
                return new RetrievedChunk(c.Id, c.DocumentId, row.FileName, c.Page, c.Start, c.End, c.Text, h.Score);
            })
            .ToList();
    }
}
