using System.Text.RegularExpressions;
using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Decides whether the retrieved sources answer the question, from the encoder's question-to-sentence
/// similarity (when one ran), the share of the question's terms the sources hold, the question's names and numbers
/// that they miss, and a negation in the question ("Which year was it not…") that they do not match. The score is a
/// logistic model fitted on SQuAD 2.0 (answerable, unanswerable and off-topic questions; `Rag.Eval answers
/// --calibrate`); one set of weights with the encoder, one for keyword evidence alone.</summary>
public sealed partial class RelevanceDecision(double threshold)
{
    /// <summary>Only the best-ranked sources are judged: a term found in the tenth source does not make the first relevant.</summary>
    public const int JudgedSources = 3;

    public double Threshold => threshold;

    /// <summary>Logistic weights: score = σ(intercept + Σ weight · feature). MissingName counts up to two.</summary>
    public sealed record Weights(double Intercept, double Similarity, double TermCoverage, double SentenceCoverage, double MissingName, double UnmatchedNegation);

    /// <summary>Fitted by `Rag.Eval answers --squad dev-v2.0.visible.json --limit 400 --off-topic 100 --calibrate` (default
    /// model, and --model none for keywords only) on the articles in even places; the intercepts are then shifted by
    /// the logit of the threshold calibrated there (0.153 with the encoder, 0.211 without: the most declines for at
    /// most 0.05 of gold-in-answer given up), so that a score of 0.5 is the calibrated cut for both, and one setting
    /// (Rag:Answer:MinimumRelevance) moves both.</summary>
    public static readonly Weights WithEncoder = new(-7.53 + 1.71, 9.68, -1.76, 2.61, -0.92, -5.92);
    public static readonly Weights KeywordsOnly = new(-1.79 + 1.32, 0, -1.06, 3.67, -0.88, -5.68);

    [GeneratedRegex(@"\b(?:not|never|no|none|neither|nor|without|cannot)\b|n['’]t\b|[不没未非无]", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    /// <param name="similarity">Best question-to-sentence cosine, or null without an encoder.</param>
    public Relevance Assess(QuestionTerms question, IReadOnlyList<RetrievedChunk> sources, IReadOnlyList<AnswerCandidate> candidates, double? similarity)
    {
        if (question.IsEmpty || sources.Count == 0 || candidates.Count == 0) return Relevance.None(threshold);
        var (text, best) = sources.Take(JudgedSources).Select(s => (s.Text, Terms: TermNormalizer.Terms(s.Text))).MaxBy(s => question.Coverage(s.Terms));
        var termCoverage = question.Coverage(best);
        var sentenceCoverage = candidates.Max(c => c.Coverage);
        var missing = question.MissingNames(best).ToList();
        var unmatchedNegation = Negation().IsMatch(question.Text) && !Negation().IsMatch(text);
        var w = similarity is null ? KeywordsOnly : WithEncoder;
        var z = w.Intercept + w.Similarity * (similarity ?? 0) + w.TermCoverage * termCoverage + w.SentenceCoverage * sentenceCoverage
                + w.MissingName * Math.Min(missing.Count, 2) + w.UnmatchedNegation * (unmatchedNegation ? 1 : 0);
        return new Relevance(1 / (1 + Math.Exp(-z)), threshold, similarity, termCoverage, sentenceCoverage, missing, unmatchedNegation);
    }
}
