using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>A question's content terms (<see cref="TermNormalizer"/>) and, among them, its names and numbers
/// ("Australia", "1998"): without corpus statistics at hand these stand in for the rare terms. A source that lacks a
/// name of the question is about something else, however many of its other words it shares.</summary>
public sealed class QuestionTerms
{
    public string Text { get; }
    public IReadOnlySet<string> Terms { get; }
    public IReadOnlySet<string> Names { get; }

    public QuestionTerms(string question)
    {
        Text = question;
        Terms = TermNormalizer.Terms(question);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (word, first) in Words(question))
        {
            if ((first || !char.IsUpper(word[0])) && !word.Any(char.IsDigit)) continue;
            foreach (var term in TermNormalizer.Terms(word)) if (Terms.Contains(term)) names.Add(term);
        }
        Names = names;
        TopicWords = [.. Words(question)
            .Where(w => TermNormalizer.Terms(w.Word).Any(t => Terms.Contains(t) && !Names.Contains(t)))
            .Select(w => w.Word.ToLowerInvariant()).Distinct()];
    }

    public bool IsEmpty => Terms.Count == 0;

    /// <summary>What the question asks about: its words (of spaced scripts, as written, lower-cased) that are not stop
    /// words, names or numbers ("capital" in "What is the capital of Australia?").</summary>
    public IReadOnlyList<string> TopicWords { get; }

    /// <summary>The share of the question's terms found among <paramref name="terms"/>.</summary>
    public double Coverage(IReadOnlySet<string> terms) => Terms.Count == 0 ? 0 : (double)Terms.Count(terms.Contains) / Terms.Count;

    /// <summary>The names and numbers of the question that <paramref name="terms"/> lacks.</summary>
    public IEnumerable<string> MissingNames(IReadOnlySet<string> terms) => Names.Where(n => !terms.Contains(n));

    /// <summary>The question's words of spaced scripts, and whether each starts the question (capitalised anyway).</summary>
    private static IEnumerable<(string Word, bool First)> Words(string text)
    {
        var first = true;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = word.Trim(',', '.', '?', '!', ':', ';', '"', '\'', '(', ')', '[', ']', '“', '”', '‘', '’');
            if (trimmed.Length == 0 || TermNormalizer.IsCjk(trimmed[0])) continue;
            yield return (trimmed, first);
            first = false;
        }
    }
}
