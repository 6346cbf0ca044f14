using System.Globalization;

namespace Rag.Core.Text;

/// <summary>Light, dependency-free term extraction used to judge how well a sentence answers a question:
/// lower-cased words minus stop words with plural/verb suffixes folded, and CJK text as character bigrams (runs cut at
/// question words and particles first, so "知识库是什么" is about 知识 and 识库, not 什么).</summary>
public static class TermNormalizer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a","an","and","are","as","at","be","by","can","could","did","do","does","for","from","had","has","have","how",
        "i","if","in","into","is","it","its","me","my","of","on","or","our","should","so","than","that","the","their",
        "them","then","there","these","they","this","to","was","we","were","what","when","where","which","who","whom",
        "why","will","with","would","you","your","about","tell","please","give","list","describe","explain","much","many",
    };

    /// <summary>Chinese question words and copula, Japanese particles and question words: they join runs of
    /// characters without being part of what is asked about.</summary>
    private static readonly string[] CjkFunctionWords =
    [
        "为什么", "什么", "哪些", "哪个", "哪里", "哪儿", "怎么", "怎样", "如何", "多少", "请问", "是", "吗", "呢", "的", "了",
        "ですか", "ますか", "です", "ます", "なに", "何", "どこ", "いつ", "だれ", "どの", "は", "が", "を", "に", "で", "と", "も", "か", "の", "へ",
    ];

    public static HashSet<string> Terms(string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            if (IsCjk(text[i]))
            {
                int s = i;
                while (i < text.Length && IsCjk(text[i])) i++;
                foreach (var run in text[s..i].Split(CjkFunctionWords, StringSplitOptions.RemoveEmptyEntries))
                    AddCjkBigrams(run, terms);
            }
            else if (char.IsLetterOrDigit(text[i]))
            {
                int s = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsCombining(text[i])) && !IsCjk(text[i])) i++;
                var word = text.Substring(s, i - s).ToLowerInvariant();
                if (!StopWords.Contains(word)) terms.Add(Stem(word));
            }
            else i++;
        }
        return terms;
    }

    /// <summary>The fraction of <paramref name="questionTerms"/> that occur in <paramref name="text"/>.</summary>
    public static double Coverage(IReadOnlySet<string> questionTerms, string text)
    {
        if (questionTerms.Count == 0) return 0;
        var terms = Terms(text);
        return (double)questionTerms.Count(terms.Contains) / questionTerms.Count;
    }

    private static void AddCjkBigrams(ReadOnlySpan<char> run, HashSet<string> terms)
    {
        if (run.Length == 1) { terms.Add(run.ToString()); return; }
        for (int k = 0; k + 1 < run.Length; k++) terms.Add(run.Slice(k, 2).ToString());
    }

    private static string Stem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing")) return word[..^3];
        if (word.Length > 4 && word.EndsWith("ies")) return word[..^3] + "y";
        if (word.Length > 4 && word.EndsWith("ed")) return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss")) return word[..^1];
        return word;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF'   // Hiragana, Katakana
          or >= '\u3400' and <= '\u4DBF'   // CJK extension A
          or >= '\u4E00' and <= '\u9FFF'   // CJK unified ideographs
          or >= '\uAC00' and <= '\uD7AF'   // Hangul syllables
          or >= '\uF900' and <= '\uFAFF';  // CJK compatibility ideographs

    private static bool IsCombining(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
