namespace Rag.Core.Text;

/// <summary>Makes extracted text safe to store and index. NUL and the other control characters carry no meaning in
/// a document (and PostgreSQL refuses NUL in text) so they become spaces; unpaired surrogates (invalid UTF-16, which
/// UTF-8 cannot encode) become U+FFFD. The length never changes, so offsets into the text stay valid.</summary>
public static class StorableText
{
    public static string Clean(string text)
    {
        if (!NeedsCleaning(text)) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
            else if (IsUnwanted(chars[i])) chars[i] = ' ';
        }
        return new string(chars);
    }

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
            if (char.IsSurrogate(c) || IsUnwanted(c)) return true;
        return false;
    }

    private static bool IsUnwanted(char c) => char.IsControl(c) && c is not ('\n' or '\r' or '\t');
}
