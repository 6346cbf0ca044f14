using System.Globalization;
using System.Text;

namespace Rag.Eval.Metrics;

/// <summary>Character error rate: edit distance (insertions, deletions, substitutions) between the recognised and
/// the true text, divided by the true text's length. Both are NFKC-normalised with whitespace runs collapsed to one
/// space, and spaces next to CJK characters dropped (Chinese has none, OCR engines put some between boxes).</summary>
public static class CharacterErrorRate
{
    public static double Of(string expected, string actual)
    {
        var truth = Normalize(expected);
        var hypothesis = Normalize(actual);
        return truth.Length == 0 ? (hypothesis.Length == 0 ? 0 : 1) : (double)Distance(truth, hypothesis) / truth.Length;
    }

    public static string Normalize(string text)
    {
        var words = text.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var result = new StringBuilder();
        foreach (var word in words)
        {
            if (result.Length > 0 && !IsCjk(result[^1]) && !IsCjk(word[0])) result.Append(' ');
            result.Append(word);
        }
        return result.ToString();
    }

    private static bool IsCjk(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter || c is >= '\u3000' and <= '\u303f';

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
