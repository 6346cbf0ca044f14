using Rag.Core.Retrieval;
using Rag.Eval.Service;

namespace Rag.Eval.Metrics;

/// <summary>A chunk as search results identify it: a document holds several chunks, told apart by page and start.</summary>
public readonly record struct ChunkKey(Guid DocumentId, int Page, int Start)
{
    public static ChunkKey Of(SearchResult result) => new(result.DocumentId, result.Page, result.Start);
}

/// <summary>
/// The service's hybrid fusion replayed on the client, so that one ingestion can try several weights: the two legs'
/// chunk lists go through the service's own <see cref="ReciprocalRankFusion"/> and <see cref="ConvexFusion"/>. The API
/// does not return chunk ids, so each chunk gets a stand-in id that sorts in first-seen order (keyword leg, then vector
/// leg): equal scores keep that order, where the service breaks such ties by its chunk ids. A chunk listed twice in one
/// leg counts once, at its better rank.
/// </summary>
public static class ClientFusion
{
    /// <summary>The service's minimum per-leg candidate depth for hybrid search.</summary>
    public const int MinimumDepth = Rag.Application.Retrieval.SearchService.MinimumFusionDepth;

    /// <summary>Weighted reciprocal rank fusion (keyword weight 1, vector weight <paramref name="vectorWeight"/>).</summary>
    public static IReadOnlyList<ChunkKey> Fuse(IReadOnlyList<ChunkKey> keyword, IReadOnlyList<ChunkKey> vector, float vectorWeight, int top)
    {
        var ids = new StandInIds();
        var (keywordHits, vectorHits) = (ids.Hits(keyword.Select(c => (c, 0f))), ids.Hits(vector.Select(c => (c, 0f))));
        return ids.Keys(ReciprocalRankFusion.Fuse([(keywordHits, 1f), (vectorHits, vectorWeight)], top));
    }

    /// <summary>Convex fusion of the legs' min-max normalised scores, (1 - share) · keyword + share · vector.</summary>
    public static IReadOnlyList<ChunkKey> Convex(IReadOnlyList<(ChunkKey Chunk, float Score)> keyword,
        IReadOnlyList<(ChunkKey Chunk, float Score)> vector, float vectorShare, int top)
    {
        var ids = new StandInIds();
        var (keywordHits, vectorHits) = (ids.Hits(keyword), ids.Hits(vector));
        return ids.Keys(ConvexFusion.Fuse(keywordHits, vectorHits, vectorShare, top));
    }

    /// <summary>Documents ranked by their best chunk: the first occurrence of each document, at most <paramref name="top"/>.</summary>
    public static IReadOnlyList<string> RankDocuments(IEnumerable<Guid> chunkDocuments, IReadOnlyDictionary<Guid, string> corpusIdByDocument, int top) =>
        chunkDocuments
            .Select(document => corpusIdByDocument.GetValueOrDefault(document))
            .OfType<string>()
            .Distinct()
            .Take(top)
            .ToList();

    /// <summary>Ids numbered in first-seen order, so that the service's tie-break by id is a tie-break by first sight.</summary>
    private sealed class StandInIds
    {
        private readonly Dictionary<ChunkKey, Guid> _ids = [];
        private readonly Dictionary<Guid, ChunkKey> _keys = [];

        public List<ChunkHit> Hits(IEnumerable<(ChunkKey Chunk, float Score)> ranking) =>
            ranking.DistinctBy(r => r.Chunk).Select(r => new ChunkHit(Id(r.Chunk), r.Score)).ToList();

        public List<ChunkKey> Keys(IEnumerable<ChunkHit> hits) => hits.Select(h => _keys[h.ChunkId]).ToList();

        private Guid Id(ChunkKey chunk)
        {
            if (_ids.TryGetValue(chunk, out var id)) return id;
            id = new Guid(_ids.Count, 0, 0, new byte[8]);
            _ids[chunk] = id;
            _keys[id] = chunk;
            return id;
        }
    }
}
