namespace Rag.Eval.Answers;

/// <summary>Chooses the relevance threshold on one half of the articles and reports it on the other half, so the
/// reported figure is not fitted to itself. Runs on outcomes asked with every question answered (threshold 0): a
/// higher threshold only turns answers into declines, so every threshold can be scored from the same answers.</summary>
public static class Calibration
{
    public static IReadOnlyList<string> Run(IReadOnlyList<AnswerOutcome> outcomes, double target)
    {
        if (outcomes.Any(o => o.Relevance is null))
            throw new EvaluationException("the service reports no relevance for its answers, so there is nothing to calibrate");
        var fit = outcomes.Where(o => o.Question.Article % 2 == 0).ToList();
        var held = outcomes.Where(o => o.Question.Article % 2 == 1).ToList();
        var threshold = Choose(fit, target);
        return
        [
            FormattableString.Invariant($"calibration: {fit.Count} questions (articles in even places), target gold-in-answer {target:0.00}, threshold {threshold:0.000}"),
            $"calibration half at the threshold: {AnswerScores.Of(At(fit, threshold)).Line}",
            $"held-out half answering everything: {AnswerScores.Of(held).Line}",
            $"held-out half ({held.Count} questions, articles in odd places) at the threshold:",
            AnswerScores.Of(At(held, threshold)).Line,
        ];
    }

    /// <summary>The highest threshold that keeps answerable gold-in-answer at the target (declines the most).</summary>
    private static double Choose(List<AnswerOutcome> outcomes, double target)
    {
        var best = 0.0;
        foreach (var candidate in outcomes.Select(o => o.Relevance!.Value).Append(0).Distinct().Order())
        {
            if (AnswerScores.Of(At(outcomes, candidate)).GoldInAnswer < target) break;
            best = candidate;
        }
        return best;
    }

    /// <summary>The outcomes as they would be with this threshold: below it the question is declined.</summary>
    private static List<AnswerOutcome> At(List<AnswerOutcome> outcomes, double threshold) =>
        [.. outcomes.Select(o => o.Relevance < threshold ? o with { Declined = true, GoldInAnswer = false, GoldInCitation = false } : o)];
}
