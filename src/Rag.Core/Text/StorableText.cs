namespace Rag.Core.Text;

/// <summary>Makes extracted text safe to store and index. NUL and the other control characters carry no meaning in
/// a document (and PostgreSQL refuses NUL in text) so they become spaces; unpaired surrogates (invalid UTF-16, which
/// UTF-8 cannot encode) become U+FFFD. The length never changes, so offsets into the text stay valid.</summary>
public static class StorableText
{
    public static string Clean(string text)
    {
        char[]? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) (cleaned ??= text.ToCharArray())[i] = '\uFFFD';
            else if (char.IsControl(text[i]) && text[i] is not ('\n' or '\r' or '\t')) (cleaned ??= text.ToCharArray())[i] = ' ';
        }
        return cleaned is null ? text : new string(cleaned);
    }
}
