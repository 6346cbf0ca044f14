using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Web.Text;

public sealed record HighlightPart(string Text, bool Marked);

/// <summary>Marks the cited passages inside a source's text, or, in a passage nothing cites, the words of the question.
/// Quotes are matched ignoring differences in whitespace (a quote's line breaks are spaces), and a quote that joins
/// several sentences of the source has each sentence marked where it is found when the whole is not.</summary>
public static partial class Highlight
{
    /// <summary>Words too common to be worth marking in a passage.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "does", "from", "have", "into", "that", "their", "there", "they", "this", "what", "when", "where",
        "which", "with", "would", "could", "should", "will", "were", "your", "been", "than", "then", "them",
    };

    public static IReadOnlyList<HighlightPart> Split(string text, IEnumerable<string> quotes, string? question = null) =>
        Runs(text, Marks(text, quotes, question), 0, text.Length);

    /// <summary>About <paramref name="length"/> characters of the text around its first mark, cut between words, with
    /// "…" where text was left out.</summary>
    public static IReadOnlyList<HighlightPart> Snippet(string text, IEnumerable<string> quotes, string? question = null, int length = 160)
    {
        var marked = Marks(text, quotes, question);
        if (text.Length <= length) return Runs(text, marked, 0, text.Length);
        var first = Math.Max(0, Array.IndexOf(marked, true));
        var start = first < 40 ? 0 : WordStart(text, first - 40, first);
        var end = Math.Min(text.Length, start + length);
        if (end < text.Length && text.LastIndexOf(' ', end - 1, end - start) is var space and > 0 && space > first) end = space;
        var parts = new List<HighlightPart>();
        if (start > 0) parts.Add(new HighlightPart("…", false));
        parts.AddRange(Runs(text, marked, start, end));
        if (end < text.Length) parts.Add(new HighlightPart("…", false));
        return parts;
    }

    private static bool[] Marks(string text, IEnumerable<string> quotes, string? question)
    {
        var (flat, origin) = Flatten(text);
        var marked = new bool[text.Length];
        foreach (var quote in quotes.Select(q => Flatten(q).Text.Trim()).Where(q => q.Length > 0))
            foreach (var passage in flat.Contains(quote, StringComparison.Ordinal) ? [quote] : Sentences(quote))
                for (var at = flat.IndexOf(passage, StringComparison.Ordinal); at >= 0; at = flat.IndexOf(passage, at + passage.Length, StringComparison.Ordinal))
                    Array.Fill(marked, true, origin[at], origin[at + passage.Length - 1] - origin[at] + 1);
        if (question is not null && !marked.Contains(true))
        {
            var words = Word().Matches(question).Select(m => m.Value).Where(w => w.Length >= 4 && !Common.Contains(w)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (Match word in Word().Matches(text))
                if (words.Contains(word.Value)) Array.Fill(marked, true, word.Index, word.Length);
        }
        return marked;
    }

    /// <summary>The start of the first word at or after <paramref name="from"/>, but not after <paramref name="limit"/>.</summary>
    private static int WordStart(string text, int from, int limit)
    {
        var space = text.IndexOf(' ', from, limit - from);
        return space < 0 ? from : space + 1;
    }

    /// <summary>The text with each run of whitespace as one space, and for each of its characters the index it came from.</summary>
    private static (string Text, int[] Origin) Flatten(string text)
    {
        var flat = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && flat.Length > 0 && flat[^1] == ' ') continue;
            flat.Append(char.IsWhiteSpace(text[i]) ? ' ' : text[i]);
            origin.Add(i);
        }
        return (flat.ToString(), origin.ToArray());
    }

    private static IEnumerable<string> Sentences(string quote) =>
        quote.Split([". ", "? ", "! "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length >= 12);

    private static List<HighlightPart> Runs(string text, bool[] marked, int from, int to)
    {
        var parts = new List<HighlightPart>();
        for (var start = from; start < to;)
        {
            var end = start;
            while (end < to && marked[end] == marked[start]) end++;
            parts.Add(new HighlightPart(text[start..end], marked[start]));
            start = end;
        }
        return parts;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
