namespace Rag.Eval.Metrics;

/// <summary>
/// Per-query ranking metrics as BEIR computes them with trec_eval: gain is the graded relevance itself,
/// discount log2(rank + 1); a document counts as relevant when its grade is above zero.
/// </summary>
public static class RankingMetrics
{
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        var ideal = judgements.Values.Where(grade => grade > 0).OrderDescending().Take(k).ToList();
        var idealDcg = 0.0;
        for (var i = 0; i < ideal.Count; i++)
            idealDcg += ideal[i] / Math.Log2(i + 2);
        if (idealDcg == 0)
            return 0;

        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (judgements.TryGetValue(ranked[i], out var grade) && grade > 0)
                dcg += grade / Math.Log2(i + 2);
        }
        return dcg / idealDcg;
    }

    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        var relevantCount = judgements.Values.Count(grade => grade > 0);
        if (relevantCount == 0)
            return 0;
        var found = ranked.Take(k).Count(id => judgements.TryGetValue(id, out var grade) && grade > 0);
        return (double)found / relevantCount;
    }
}
