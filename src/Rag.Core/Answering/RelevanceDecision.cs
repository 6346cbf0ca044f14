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

    /// <summary>Logistic weights: score = σ(intercept + Σ weight · feature). MissingName and NameOutsideSentence count
    /// up to two; LegsAgree is +1 when the retrieval legs agree, −1 when they do not, 0 when unknown.</summary>
    public sealed record Weights(double Intercept, double Similarity, double TermCoverage, double SentenceCoverage, double MissingName,
        double UnmatchedNegation, double AnswerTypeMissing, double NameOutsideSentence, double SimilarityMargin, double LegsAgree);

    /// <summary>Fitted by `Rag.Eval answers --squad dev-v2.0.visible.json --limit 400 --off-topic 100 --calibrate` (default
    /// model, and --model none for keywords only) on the articles in even places; the intercepts are then shifted by
    /// the logit of the threshold calibrated there (0.153 with the encoder, 0.211 without: the most declines for at
    /// most 0.05 of gold-in-answer given up), so that a score of 0.5 is the calibrated cut for both, and one setting
    /// (Rag:Answer:MinimumRelevance) moves both. A refit with the newer features gave names outside the sentence 0.09,
    /// the legs' agreement −0.02 and the similarity margin 1.87, all as good as chance on SQuAD 2.0 (AUC 0.50, 0.51,
    /// 0.52), with the same held-out figures; they weigh 0 until data shows they matter. AnswerTypeMissing weighs 0 as
    /// well: it fires on 9 of 500 questions there, and the kinds it knows miss everyday answers ("When does the office
    /// open?" over "it opens at nine" has no date, yet answers), so declining on it alone turned right answers away.</summary>
    public static readonly Weights WithEncoder = new(-7.53 + 1.71, 9.68, -1.76, 2.61, -0.92, -5.92, 0, 0, 0, 0);
    public static readonly Weights KeywordsOnly = new(-1.79 + 1.32, 0, -1.06, 3.67, -0.88, -5.68, 0, 0, 0, 0);

    [GeneratedRegex(@"\b(?:not|never|no|none|neither|nor|without|cannot)\b|n['’]t\b|[不没未非无]", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    /// <summary>The best sentences looked at for the kind of answer the question asks for.</summary>
    private const int TypedSentences = 2;

    /// <param name="legsAgree">Whether keyword and vector retrieval ranked the same passage first; null when unknown.</param>
    /// <param name="unknownTopic">The question's <see cref="QuestionTerms.TopicWords"/> that no chunk of the collection
    /// holds. When that is all of them, the collection never mentions what is asked about ("capital" in "What is the
    /// capital of Australia?" over papers that merely name Australia), and the sources are judged not to answer,
    /// whatever the score.</param>
    public Relevance Assess(QuestionTerms question, IReadOnlyList<RetrievedChunk> sources, IReadOnlyList<AnswerCandidate> candidates, bool? legsAgree = null,
        IReadOnlyList<string>? unknownTopic = null)
    {
        if (question.IsEmpty || sources.Count == 0 || candidates.Count == 0) return Relevance.None(threshold);
        var (text, best) = sources.Take(JudgedSources).Select(s => (s.Text, Terms: TermNormalizer.Terms(s.Text))).MaxBy(s => question.Coverage(s.Terms));
        var termCoverage = question.Coverage(best);
        var sentenceCoverage = candidates.Max(c => c.Coverage);
        var missing = question.MissingNames(best).ToList();
        var unmatchedNegation = Negation().IsMatch(question.Text) && !Negation().IsMatch(text);

        var ranked = candidates.Where(c => !c.Heading).OrderByDescending(c => c.Similarity ?? -1).ThenByDescending(c => c.Coverage).ToList();
        if (ranked.Count == 0) ranked = [.. candidates];
        var similarity = ranked[0].Similarity;
        double? margin = similarity is { } first ? first - (ranked.Skip(1).FirstOrDefault()?.Similarity ?? 0) : null;
        var expected = AnswerType.Expected(question.Text);
        var typeMissing = !ranked.Take(TypedSentences).Any(c => AnswerType.Holds(expected, c.Text));
        var window = candidates.Where(c => c.SourceIndex == ranked[0].SourceIndex && Math.Abs(c.Order - ranked[0].Order) <= 1).SelectMany(c => c.Terms).ToHashSet();
        var outsideSentence = question.MissingNames(window).Count() - missing.Count;

        var w = similarity is null ? KeywordsOnly : WithEncoder;
        var z = w.Intercept + w.Similarity * (similarity ?? 0) + w.TermCoverage * termCoverage + w.SentenceCoverage * sentenceCoverage
                + w.MissingName * Math.Min(missing.Count, 2) + w.UnmatchedNegation * (unmatchedNegation ? 1 : 0)
                + w.AnswerTypeMissing * (typeMissing ? 1 : 0) + w.NameOutsideSentence * Math.Min(outsideSentence, 2)
                + w.SimilarityMargin * (margin ?? 0) + w.LegsAgree * (legsAgree switch { true => 1, false => -1, null => 0 });
        unknownTopic ??= [];
        var topicUnknown = unknownTopic.Count > 0 && unknownTopic.Count == question.TopicWords.Count;
        return new Relevance(topicUnknown ? 0 : 1 / (1 + Math.Exp(-z)), threshold, similarity, termCoverage, sentenceCoverage, missing, unmatchedNegation,
            typeMissing, outsideSentence, margin, legsAgree, unknownTopic);
    }
}
