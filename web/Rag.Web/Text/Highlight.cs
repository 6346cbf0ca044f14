namespace Rag.Web.Text;

public sealed record HighlightPart(string Text, bool Marked);

/// <summary>Marks the cited passages inside a source's text. A quote may join several sentences of the source, so
/// when it is not found whole, each of its sentences is marked where found.</summary>
public static class Highlight
{
    public static IReadOnlyList<HighlightPart> Split(string text, IEnumerable<string> quotes)
    {
        var marked = new bool[text.Length];
        foreach (var quote in quotes.Where(q => !string.IsNullOrWhiteSpace(q)))
            foreach (var passage in text.Contains(quote, StringComparison.Ordinal) ? [quote] : Sentences(quote))
                for (var at = text.IndexOf(passage, StringComparison.Ordinal); at >= 0; at = text.IndexOf(passage, at + passage.Length, StringComparison.Ordinal))
                    Array.Fill(marked, true, at, passage.Length);
        return Runs(text, marked);
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
