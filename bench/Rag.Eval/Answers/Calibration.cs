using Rag.Eval.Service;

namespace Rag.Eval.Answers;

/// <summary>Fits the relevance decision on one half of the articles and reports it on the other half, so the
/// reported figure is not fitted to itself. Runs on outcomes asked with every question answered (threshold 0): a
/// higher threshold only turns answers into declines, so every threshold can be scored from the same answers.
/// Fitting: a logistic regression of "should be answered" (answerable, not off-topic) on the evidence the service
/// reports, then the highest threshold that costs at most maxLoss of gold-in-answer.</summary>
public static class Calibration
{
    public static IReadOnlyList<string> Run(IReadOnlyList<AnswerOutcome> outcomes, double maxLoss)
    {
        if (outcomes.Any(o => o.Relevance is null))
            throw new EvaluationException("the service reports no relevance for its answers, so there is nothing to calibrate");
        var fit = outcomes.Where(o => o.Question.Article % 2 == 0).ToList();
        var held = outcomes.Where(o => o.Question.Article % 2 == 1).ToList();
        var weights = Fit(fit);
        List<AnswerOutcome> Refit(List<AnswerOutcome> set) => [.. set.Select(o => o with { Relevance = o.Relevance! with { Score = Score(weights, o.Relevance!) } })];
        var threshold = Choose(Refit(fit), maxLoss);
        return
        [
            FormattableString.Invariant($"calibration: {fit.Count} questions (articles in even places), at most {maxLoss:0.00} of gold-in-answer given up"),
            FormattableString.Invariant($"fitted weights: intercept {weights[0]:0.00}, similarity {weights[1]:0.00}, term coverage {weights[2]:0.00}, sentence coverage {weights[3]:0.00}, missing names {weights[4]:0.00}, unmatched negation {weights[5]:0.00}, answer type missing {weights[6]:0.00}, names outside sentence {weights[7]:0.00}, similarity margin {weights[8]:0.00}, legs agree {weights[9]:0.00}; threshold {threshold:0.000}"),
            $"held-out half answering everything: {AnswerScores.Of(held).Line}",
            FormattableString.Invariant($"held-out half, off-topic declined {AnswerScores.Of(At(Refit(held), threshold)).OffTopicDeclined:0.00}; ({held.Count} questions, articles in odd places) with the fitted weights and threshold:"),
            AnswerScores.Of(At(Refit(held), threshold)).Line,
        ];
    }

    private static double[] Features(RelevanceInfo r) =>
        [1, r.Similarity ?? 0, r.TermCoverage, r.SentenceCoverage, Math.Min(r.MissingTerms.Count, 2), r.UnmatchedNegation ? 1 : 0,
         r.AnswerTypeMissing ? 1 : 0, Math.Min(r.NamesOutsideSentence, 2), r.SimilarityMargin ?? 0, r.LegsAgree switch { true => 1, false => -1, null => 0 }];

    private static double Score(double[] weights, RelevanceInfo r) =>
        1 / (1 + Math.Exp(-Features(r).Zip(weights, (x, w) => x * w).Sum()));

    /// <summary>Logistic regression by batch gradient descent (a handful of features, a few hundred questions).</summary>
    private static double[] Fit(List<AnswerOutcome> outcomes)
    {
        var rows = outcomes.Select(o => (X: Features(o.Relevance!), Y: o.ShouldAnswer ? 1.0 : 0.0)).ToList();
        var weights = new double[rows[0].X.Length];
        for (var step = 0; step < 20000; step++)
        {
            var gradient = new double[weights.Length];
            foreach (var (x, y) in rows)
            {
                var p = 1 / (1 + Math.Exp(-x.Zip(weights, (a, w) => a * w).Sum()));
                for (var i = 0; i < x.Length; i++) gradient[i] += (p - y) * x[i];
            }
            for (var i = 0; i < weights.Length; i++) weights[i] -= 0.5 * gradient[i] / rows.Count;
        }
        return weights;
    }

    /// <summary>The highest threshold whose gold-in-answer is at most maxLoss below answering everything.</summary>
    private static double Choose(List<AnswerOutcome> outcomes, double maxLoss)
    {
        var floor = AnswerScores.Of(outcomes).GoldInAnswer - maxLoss;
        var best = 0.0;
        foreach (var candidate in outcomes.Select(o => o.Relevance!.Score).Distinct().Order())
        {
            if (AnswerScores.Of(At(outcomes, candidate)).GoldInAnswer < floor) break;
            best = candidate;
        }
        return best;
    }

    /// <summary>The outcomes as they would be with this threshold: below it the question is declined.</summary>
    private static List<AnswerOutcome> At(List<AnswerOutcome> outcomes, double threshold) =>
        [.. outcomes.Select(o => o.Relevance!.Score < threshold ? o with { Declined = true, GoldInAnswer = false, GoldInCitation = false } : o)];
}
