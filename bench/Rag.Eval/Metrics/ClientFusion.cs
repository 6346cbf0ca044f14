using Rag.Eval.Service;

namespace Rag.Eval.Metrics;

/// <summary>A chunk as search results identify it: a document holds several chunks, told apart by page and start.</summary>
public readonly record struct ChunkKey(Guid DocumentId, int Page, int Start)
{
    public static ChunkKey Of(SearchResult result) => new(result.DocumentId, result.Page, result.Start);
}

/// <summary>
/// The service's hybrid fusion replayed on the client, so that one ingestion can try several vector weights:
/// weighted reciprocal rank fusion, score = Σ w / (60 + rank) with rank from 1, keyword weight 1, vector weight w,
/// summed in single precision in the service's order (keyword leg first), as Rag.Core's ReciprocalRankFusion does.
/// </summary>
public static class ClientFusion
{
    /// <summary>The k of the service's ReciprocalRankFusion.DefaultK.</summary>
    public const int K = 60;

    /// <summary>The service's minimum per-leg candidate depth for hybrid search (SearchService.MinimumFusionDepth).</summary>
    public const int MinimumDepth = 50;

    /// <summary>
    /// The fused chunk ranking, best first, at most <paramref name="top"/> long. A chunk listed twice in one leg counts
    /// once, at its better rank. Equal scores keep first-seen order (keyword leg, then vector leg); the service breaks
    /// such ties by chunk id, which the API does not return.
    /// </summary>
    public static IReadOnlyList<ChunkKey> Fuse(IReadOnlyList<ChunkKey> keyword, IReadOnlyList<ChunkKey> vector, float vectorWeight, int top)
    {
        var scores = new Dictionary<ChunkKey, float>();
        var order = new List<ChunkKey>();
        foreach (var (ranking, weight) in new[] { (keyword, 1f), (vector, vectorWeight) })
        {
            var seen = new HashSet<ChunkKey>();
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var chunk = ranking[rank];
                if (!seen.Add(chunk))
                    continue;
                if (!scores.TryGetValue(chunk, out var score))
                    order.Add(chunk);
                scores[chunk] = score + weight / (K + rank + 1);
            }
        }
        // OrderByDescending is a stable sort: ties stay in first-seen order.
        return order.OrderByDescending(chunk => scores[chunk]).Take(top).ToList();
    }

    /// <summary>
    /// Convex fusion: each leg's scores min-max normalised over the chunks it returned (a chunk the leg did not return
    /// scores 0 there), then (1 - <paramref name="vectorShare"/>) * keyword + <paramref name="vectorShare"/> * vector.
    /// </summary>
    public static IReadOnlyList<ChunkKey> Convex(IReadOnlyList<(ChunkKey Chunk, float Score)> keyword,
        IReadOnlyList<(ChunkKey Chunk, float Score)> vector, float vectorShare, int top)
    {
        var scores = new Dictionary<ChunkKey, double>();
        var order = new List<ChunkKey>();
        foreach (var (ranking, share) in new[] { (keyword, 1 - vectorShare), (vector, vectorShare) })
        {
            if (ranking.Count == 0) continue;
            var (min, max) = (ranking.Min(r => r.Score), ranking.Max(r => r.Score));
            foreach (var (chunk, score) in ranking.DistinctBy(r => r.Chunk))
            {
                var normalised = max > min ? (score - min) / (max - min) : 1.0;
                if (!scores.TryGetValue(chunk, out var sum)) order.Add(chunk);
                scores[chunk] = sum + share * normalised;
            }
        }
        return order.OrderByDescending(chunk => scores[chunk]).Take(top).ToList();
    }

    /// <summary>Documents ranked by their best chunk: the first occurrence of each document, at most <paramref name="top"/>.</summary>
    public static IReadOnlyList<string> RankDocuments(IEnumerable<Guid> chunkDocuments, IReadOnlyDictionary<Guid, string> corpusIdByDocument, int top) =>
        chunkDocuments
            .Select(document => corpusIdByDocument.GetValueOrDefault(document))
            .OfType<string>()
            .Distinct()
            .Take(top)
            .ToList();
}
