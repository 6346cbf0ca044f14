namespace Rag.Core.Text;

/// <summary>Splits text into sentence spans without losing a character: the spans tile the input.
/// Handles Latin punctuation followed by space, CJK terminators (no space needed) and paragraph breaks.</summary>
public static class SentenceSplitter
{
    public static List<Range> Split(string text)
    {
        var spans = new List<Range>();
        int start = 0, i = 0;
        while (i < text.Length)
        {
            int end = SentenceEndAfter(text, i);
            if (end > 0)
            {
                end = SkipWhitespace(text, end);
                spans.Add(start..end);
                start = i = end;
            }
            else i++;
        }
        if (start < text.Length) spans.Add(start..text.Length);
        return spans;
    }

    /// <summary>The sentences as display text: whitespace runs (line breaks of extracted pages) collapsed to one
    /// space, fragments of a single character dropped.</summary>
    public static IEnumerable<string> Sentences(string text) =>
        Split(text)
            .Select(range => string.Join(' ', text[range].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(sentence => sentence.Length > 1);

    /// <summary>If a sentence ends at position <paramref name="i"/>, the index just past its terminator; otherwise 0.</summary>
    private static int SentenceEndAfter(string text, int i)
    {
        char c = text[i];
        if (IsCjkTerminator(c)) return SkipClosers(text, i + 1);
        if (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n') return i + 2;
        if (c is '.' or '!' or '?')
        {
            int after = SkipClosers(text, i + 1);
            if (after >= text.Length) return after;
            if (!char.IsWhiteSpace(text[after])) return 0;
            if (c == '.' && IsAbbreviation(text, i)) return 0;
            return after;
        }
        return 0;
    }

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '；';

    private static int SkipClosers(string text, int i)
    {
        while (i < text.Length && text[i] is '"' or '\'' or ')' or ']' or '”' or '’' or '」' or '』' or '）') i++;
        return i;
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static readonly HashSet<string> Abbreviations =
        new(StringComparer.OrdinalIgnoreCase) { "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "fig", "no", "al", "cf", "approx", "st", "jr", "sr", "inc", "ltd", "eq", "vol", "pp" };

    private static bool IsAbbreviation(string text, int dot)
    {
        int s = dot;
        while (s > 0 && (char.IsLetter(text[s - 1]) || text[s - 1] == '.')) s--;
        var word = text.AsSpan(s, dot - s);
        if (word.Length == 1 && char.IsUpper(word[0])) return true; // initials: "J. Smith"
        return Abbreviations.Contains(word.ToString());
    }
}
