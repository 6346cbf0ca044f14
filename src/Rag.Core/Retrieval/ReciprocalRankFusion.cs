namespace Rag.Core.Retrieval;

/// <summary>Merges ranked lists by summing weight / (k + rank) per item, so items ranked high by several retrievers
/// win without having to compare their incomparable raw scores. A weight above 1 trusts that retriever's ranks more.</summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    public static IReadOnlyList<ChunkHit> Fuse(IEnumerable<IReadOnlyList<ChunkHit>> rankings, int top, int k = DefaultK) =>
        Fuse(rankings.Select(r => (r, 1f)), top, k);

    public static IReadOnlyList<ChunkHit> Fuse(IEnumerable<(IReadOnlyList<ChunkHit> Ranking, float Weight)> rankings, int top, int k = DefaultK)
    {
        var scores = new Dictionary<Guid, float>();
        foreach (var (ranking, weight) in rankings)
            for (int rank = 0; rank < ranking.Count; rank++)
                scores[ranking[rank].ChunkId] = scores.GetValueOrDefault(ranking[rank].ChunkId) + weight / (k + rank + 1);
        return scores
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key)
            .Take(top)
            .Select(s => new ChunkHit(s.Key, s.Value))
            .ToList();
    }
}
