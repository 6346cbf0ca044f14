namespace Rag.Eval.Metrics;

/// <summary>Mean metrics over every judged query; a judged query with no results counts as zero.</summary>
public sealed record RetrievalScores(double NdcgAt10, double RecallAt10, double RecallAt100, int QueryCount)
{
    public static RetrievalScores Compute(
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels,
        IReadOnlyDictionary<string, IReadOnlyList<string>> rankings)
    {
        if (qrels.Count == 0)
            throw new ArgumentException("No judged queries to evaluate.", nameof(qrels));
        double ndcg = 0, recall10 = 0, recall100 = 0;
        foreach (var (queryId, judgements) in qrels)
        {
            var ranked = rankings.GetValueOrDefault(queryId) ?? [];
            ndcg += RankingMetrics.NdcgAt(10, ranked, judgements);
            recall10 += RankingMetrics.RecallAt(10, ranked, judgements);
            recall100 += RankingMetrics.RecallAt(100, ranked, judgements);
        }
        var n = qrels.Count;
        return new RetrievalScores(ndcg / n, recall10 / n, recall100 / n, n);
    }

    public override string ToString() => FormattableString.Invariant(
        $"nDCG@10={NdcgAt10:0.0000} Recall@10={RecallAt10:0.0000} Recall@100={RecallAt100:0.0000}");
}
