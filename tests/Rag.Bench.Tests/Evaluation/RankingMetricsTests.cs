using Rag.Eval.Metrics;

namespace Rag.Bench.Tests.Evaluation;

public class RankingMetricsTests
{
    private static readonly Dictionary<string, int> Graded = new() { ["a"] = 2, ["b"] = 1, ["c"] = 1 };

    [Fact]
    public void Ndcg_uses_graded_gain_and_log2_discount()
    {
        // DCG = 2/log2(3) + 1/log2(4); ideal = 2/log2(2) + 1/log2(3) + 1/log2(4)
        var ndcg = RankingMetrics.NdcgAt(10, ["x", "a", "c"], Graded);

        Assert.Equal(0.562727, ndcg, 6);
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_ranking_and_zero_without_relevant_hits()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt(10, ["a", "b", "c", "x"], Graded), 9);
        Assert.Equal(0.0, RankingMetrics.NdcgAt(10, ["x", "y"], Graded));
    }

    [Fact]
    public void Ndcg_ignores_hits_below_the_cutoff()
    {
        var ranked = Enumerable.Range(0, 10).Select(i => $"x{i}").Append("a").ToList();

        Assert.Equal(0.0, RankingMetrics.NdcgAt(10, ranked, Graded));
    }

    [Fact]
    public void Zero_grade_judgements_are_not_relevant()
    {
        var judgements = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1 };

        Assert.Equal(1 / Math.Log2(3), RankingMetrics.NdcgAt(10, ["a", "b"], judgements), 9);
        Assert.Equal(1.0, RankingMetrics.RecallAt(10, ["a", "b"], judgements));
    }

    [Fact]
    public void Recall_counts_relevant_documents_within_the_cutoff()
    {
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(3, ["a", "x", "b", "c"], Graded), 9);
        Assert.Equal(1.0, RankingMetrics.RecallAt(4, ["a", "x", "b", "c"], Graded));
    }

    [Fact]
    public void Mean_scores_count_judged_queries_without_results_as_zero()
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>
        {
            ["q1"] = new() { ["a"] = 1 },
            ["q2"] = new() { ["b"] = 1 },
        };
        var rankings = new Dictionary<string, IReadOnlyList<string>> { ["q1"] = ["a"] };

        var scores = RetrievalScores.Compute(qrels, rankings);

        Assert.Equal(0.5, scores.NdcgAt10, 9);
        Assert.Equal(0.5, scores.RecallAt100, 9);
        Assert.Equal("nDCG@10=0.5000 Recall@10=0.5000 Recall@100=0.5000", scores.ToString());
    }
}
