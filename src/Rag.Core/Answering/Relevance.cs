namespace Rag.Core.Answering;

/// <summary>How well the retrieved sources answer the question, and why. Score: the calibrated probability that
/// they do; below Threshold the answer is "not found" and no LLM is asked. Similarity: the best question-to-sentence
/// cosine of the encoder (null without one, or for a language it does not cover). TermCoverage: the share of
/// the question's terms in the best source; SentenceCoverage: in the best sentence. MissingTerms: the question's
/// names and numbers that the best source lacks. UnmatchedNegation: the question asks about what is not, was never…
/// the case, and the best source says nothing of the kind. AnswerTypeMissing: the question asks for a date, a number or
/// a person (<see cref="AnswerType"/>) and the best sentences hold none. NamesOutsideSentence: the question's names
/// and numbers that the best source holds but not the best sentence with its neighbours. SimilarityMargin: how far the
/// best sentence's similarity stands above the second's. LegsAgree: whether the keyword and vector retrievals ranked
/// the same passage first (null when only one ran, or the vector store fused them itself). UnknownTerms: the question's
/// terms other than names and numbers that no chunk of the collection holds; when that is all of them, Score is 0.</summary>
public sealed record Relevance(double Score, double Threshold, double? Similarity, double TermCoverage, double SentenceCoverage,
    IReadOnlyList<string> MissingTerms, bool UnmatchedNegation, bool AnswerTypeMissing = false, int NamesOutsideSentence = 0,
    double? SimilarityMargin = null, bool? LegsAgree = null, IReadOnlyList<string>? UnknownTerms = null)
{
    public bool Passes => Score >= Threshold;

    public static Relevance None(double threshold) => new(0, threshold, null, 0, 0, [], false);
}
