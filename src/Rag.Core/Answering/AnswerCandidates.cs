using System.Text.RegularExpressions;
using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>A sentence of a retrieved source that might answer the question. Heading: it heads a section rather than
/// states anything (short, no closing punctuation; or a table of contents). Coverage: the share of the question's terms it holds.
/// Similarity: the encoder's cosine between question and sentence, for the sentences compared by meaning.</summary>
public sealed record AnswerCandidate(int SourceIndex, int Order, string Text, bool Heading, double Coverage, HashSet<string> Terms)
{
    public double? Similarity { get; init; }
}

/// <summary>The sentences of the retrieved sources, and the bounded few worth comparing with the question by meaning:
/// each compared sentence is encoder work on the question's path (a sentence costs about as much as the question's
/// own pass), so their number is capped and they go to the encoder in one batch.</summary>
public static partial class AnswerCandidates
{
    public const int MaxCompared = 8;
    private const int MaxHeadingWords = 8;

    public static List<AnswerCandidate> All(QuestionTerms question, IReadOnlyList<RetrievedChunk> sources, bool cjkQuestion)
    {
        var candidates = new List<AnswerCandidate>();
        for (int s = 0; s < sources.Count; s++)
        {
            int order = 0;
            foreach (var sentence in SentenceSplitter.Sentences(sources[s].Text))
            {
                var terms = TermNormalizer.Terms(sentence);
                candidates.Add(new AnswerCandidate(s, order++, sentence, IsHeading(sentence), question.Coverage(terms), terms));
            }
        }
        // Answer in the question's language: sentences in its script when there are any.
        var sameScript = candidates.Where(c => IsCjk(c.Text) == cjkQuestion).ToList();
        return sameScript.Count > 0 ? sameScript : candidates;
    }

    /// <summary>The candidates to compare by meaning: the best covering ones, the higher-ranked source first on ties.</summary>
    public static List<AnswerCandidate> ToCompare(IEnumerable<AnswerCandidate> candidates) =>
        [.. candidates.Where(c => !c.Heading).OrderByDescending(c => c.Coverage).ThenBy(c => c.SourceIndex).ThenBy(c => c.Order).Take(MaxCompared)];

    /// <summary>Whether a sentence may be compared with questions by meaning (it is no heading): the sentences whose
    /// vectors are worth computing at ingestion.</summary>
    public static bool IsComparable(string sentence) => !IsHeading(sentence);

    public static bool IsCjk(string text)
    {
        int cjk = 0, letters = 0;
        foreach (var c in text)
        {
            if (TermNormalizer.IsCjk(c)) { cjk++; letters++; }
            else if (char.IsLetter(c)) letters++;
        }
        return letters > 0 && cjk * 2 >= letters;
    }

    /// <summary>A section number before a title ("2.5 Guideline limitations"), and a dotted leader before a page number.</summary>
    [GeneratedRegex(@"(?<![\w.])\d+(?:\.\d+)+[;:.]?\s+\p{Lu}")]
    private static partial Regex NumberedTitle();

    [GeneratedRegex(@"(?:\.\s?){4,}\s*\d+")]
    private static partial Regex DottedLeader();

    /// <summary>A table of contents points to where the answer is rather than stating it.</summary>
    private static bool IsContentsList(string sentence) =>
        NumberedTitle().Count(sentence) >= 3 || DottedLeader().Count(sentence) >= 2;

    private static bool IsHeading(string sentence)
    {
        if (IsContentsList(sentence)) return true;
        var last = sentence.TrimEnd()[^1];
        if (last is '.' or '!' or '?' or '。' or '！' or '？' or '；' or ':' or '"' or '”' or ')' or '）') return false;
        if (IsCjk(sentence)) return sentence.Length <= 16;
        return sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= MaxHeadingWords;
    }
}
