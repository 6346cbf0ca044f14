using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Decides whether the retrieved sources answer the question, from the encoder's question-to-sentence
/// similarity (when one ran), the share of the question's terms the sources hold, and the question's
/// names and numbers that they miss. The score is a logistic model whose weights were fitted on SQuAD 2.0
/// (answerable and unanswerable questions; `Rag.Eval answers --calibrate`); one set of weights with the encoder,
/// one for keyword evidence alone.</summary>
public sealed class RelevanceDecision(double threshold)
{
    /// <summary>Only the best-ranked sources are judged: a term found in the tenth source does not make the first relevant.</summary>
    public const int JudgedSources = 3;

    public double Threshold => threshold;

    /// <summary>Logistic weights: score = σ(intercept + Σ weight · feature). MissingName counts up to two.</summary>
    public sealed record Weights(double Intercept, double Similarity, double TermCoverage, double SentenceCoverage, double MissingName);

    public static readonly Weights WithEncoder = new(-6.0, 10.0, 2.0, 2.0, -1.5);
    public static readonly Weights KeywordsOnly = new(-3.0, 0, 3.0, 2.0, -1.5);

    /// <param name="similarity">Best question-to-sentence cosine, or null without an encoder.</param>
    public Relevance Assess(QuestionTerms question, IReadOnlyList<RetrievedChunk> sources, IReadOnlyList<AnswerCandidate> candidates, double? similarity)
    {
        if (question.IsEmpty || sources.Count == 0 || candidates.Count == 0) return Relevance.None(threshold);
        var best = sources.Take(JudgedSources).Select(s => TermNormalizer.Terms(s.Text)).MaxBy(question.Coverage)!;
        var termCoverage = question.Coverage(best);
        var sentenceCoverage = candidates.Max(c => c.Coverage);
        var missing = question.MissingNames(best).ToList();
        var w = similarity is null ? KeywordsOnly : WithEncoder;
        var z = w.Intercept + w.Similarity * (similarity ?? 0) + w.TermCoverage * termCoverage + w.SentenceCoverage * sentenceCoverage
                + w.MissingName * Math.Min(missing.Count, 2);
        return new Relevance(1 / (1 + Math.Exp(-z)), threshold, similarity, termCoverage, sentenceCoverage, missing);
    }
}
