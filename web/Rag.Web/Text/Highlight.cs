using System.Text;

namespace Rag.Web.Text;

public sealed record HighlightPart(string Text, bool Marked);

/// <summary>Marks the cited passages inside a source's text. Quotes are matched ignoring differences in whitespace
/// (a quote's line breaks are spaces), and a quote that joins several sentences of the source has each sentence
/// marked where it is found when the whole is not.</summary>
public static class Highlight
{
    public static IReadOnlyList<HighlightPart> Split(string text, IEnumerable<string> quotes)
    {
        var (flat, origin) = Flatten(text);
        var marked = new bool[text.Length];
        foreach (var quote in quotes.Select(q => Flatten(q).Text.Trim()).Where(q => q.Length > 0))
            foreach (var passage in flat.Contains(quote, StringComparison.Ordinal) ? [quote] : Sentences(quote))
                for (var at = flat.IndexOf(passage, StringComparison.Ordinal); at >= 0; at = flat.IndexOf(passage, at + passage.Length, StringComparison.Ordinal))
                    Array.Fill(marked, true, origin[at], origin[at + passage.Length - 1] - origin[at] + 1);
        return Runs(text, marked);
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

    private static List<HighlightPart> Runs(string text, bool[] marked)
    {
        var parts = new List<HighlightPart>();
        for (var start = 0; start < text.Length;)
        {
            var end = start;
            while (end < text.Length && marked[end] == marked[start]) end++;
            parts.Add(new HighlightPart(text[start..end], marked[start]));
            start = end;
        }
        return parts;
    }
}
