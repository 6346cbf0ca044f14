namespace Rag.Web.Text;

/// <summary>A page's text put back together from its chunks (each knows its character span in the page; neighbours
/// may overlap), split around the cited passage for the viewer.</summary>
public static class PageText
{
    public static string Join(IEnumerable<ChunkInfo> chunks)
    {
        var text = new System.Text.StringBuilder();
        foreach (var chunk in chunks.OrderBy(c => c.Start))
        {
            if (chunk.Start > text.Length) text.Append(' ', chunk.Start - text.Length);
            var overlap = text.Length - chunk.Start;
            if (overlap < chunk.Text.Length) text.Append(chunk.Text, overlap, chunk.Text.Length - overlap);
        }
        return text.ToString();
    }

    /// <summary>The text before, of and after the quote's first occurrence (ignoring case); when the whole quote is not
    /// there, its longest leading part of at least 12 characters that is; no match leaves the middle empty.</summary>
    public static (string Before, string Quoted, string After) Around(string text, string? quote)
    {
        var wanted = quote?.Trim() ?? "";
        while (wanted.Length >= 12)
        {
            var at = text.IndexOf(wanted, StringComparison.OrdinalIgnoreCase);
            if (at >= 0) return (text[..at], text.Substring(at, wanted.Length), text[(at + wanted.Length)..]);
            wanted = wanted[..(wanted.Length * 3 / 4)];
        }
        return (text, "", "");
    }
}
