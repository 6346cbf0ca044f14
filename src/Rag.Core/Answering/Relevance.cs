namespace Rag.Core.Answering;

/// <summary>How well the retrieved sources answer the question, and why. Score: the calibrated probability that
/// they do; below Threshold the answer is "not found" and no LLM is asked. Similarity: the best question-to-sentence
/// cosine of the encoder (null without one, or for a language it does not cover). TermCoverage: the share of
/// the question's terms in the best source; SentenceCoverage: in the best sentence. MissingTerms: the question's
/// names and numbers that the best source lacks. UnmatchedNegation: the question asks about what is not, was never…
/// the case, and the best source says nothing of the kind.</summary>
public sealed record Relevance(double Score, double Threshold, double? Similarity, double TermCoverage, double SentenceCoverage,
    IReadOnlyList<string> MissingTerms, bool UnmatchedNegation)
{
    public bool Passes => Score >= Threshold;

    public static Relevance None(double threshold) => new(0, threshold, null, 0, 0, [], false);
}
