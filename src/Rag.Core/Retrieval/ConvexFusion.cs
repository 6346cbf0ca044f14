namespace Rag.Core.Retrieval;

/// <summary>Merges a keyword and a vector ranking by their scores: each leg's scores are min-max normalised over the
/// candidates that leg returned (a chunk a leg did not return counts 0 there), then combined as
/// (1 - vectorShare) · keyword + vectorShare · vector. Unlike rank fusion it keeps how far apart the candidates are,
/// so a clear winner of one leg is not levelled with that leg's tenth hit.</summary>
public static class ConvexFusion
{
    public static IReadOnlyList<ChunkHit> Fuse(IReadOnlyList<ChunkHit> keyword, IReadOnlyList<ChunkHit> vector, float vectorShare, int top)
    {
        var scores = new Dictionary<Guid, float>();
        Add(keyword, 1 - vectorShare);
        Add(vector, vectorShare);
        return scores
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key)
            .Take(top)
            .Select(s => new ChunkHit(s.Key, s.Value))
            .ToList();

        void Add(IReadOnlyList<ChunkHit> ranking, float share)
        {
            if (ranking.Count == 0) return;
            var min = ranking.Min(h => h.Score);
            var range = ranking.Max(h => h.Score) - min;
            foreach (var hit in ranking.DistinctBy(h => h.ChunkId))
                scores[hit.ChunkId] = scores.GetValueOrDefault(hit.ChunkId) + share * (range > 0 ? (hit.Score - min) / range : 1f);
        }
    }
}
