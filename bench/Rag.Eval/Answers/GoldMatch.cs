using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Eval.Answers;

/// <summary>Whether a text contains a gold answer, after the normalisation of the official SQuAD evaluation script:
/// lower case, punctuation removed, the articles a/an/the removed, whitespace collapsed. CJK text (CMRC) has no
/// spaces, so containment is checked on the normalised strings, not on word boundaries alone.</summary>
public static partial class GoldMatch
{
    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();

    public static string Normalize(string text)
    {
        var lower = text.ToLowerInvariant();
        var withoutPunctuation = new StringBuilder(lower.Length);
        foreach (var c in lower)
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
                withoutPunctuation.Append(c);
        var noArticles = Articles().Replace(withoutPunctuation.ToString(), " ");
        return string.Join(' ', noArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether any gold answer occurs in <paramref name="text"/>, as whole words where the answer starts and
    /// ends with a letter or digit of a spaced script.</summary>
    public static bool Contains(string text, IEnumerable<string> goldAnswers)
    {
        var haystack = " " + Normalize(text) + " ";
        foreach (var gold in goldAnswers)
        {
            var needle = Normalize(gold);
            if (needle.Length == 0) continue;
            var spaced = !Rag.Core.Text.TermNormalizer.IsCjk(needle[0]) && !Rag.Core.Text.TermNormalizer.IsCjk(needle[^1]);
            if (haystack.Contains(spaced ? $" {needle} " : needle, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
