namespace Rag.Infrastructure.Extraction;

/// <summary>PDF words come in visual (left-to-right) order; Hebrew and Arabic lines must be turned back into reading order.</summary>
internal static class RightToLeftText
{
    /// <summary>Reverses the letters of right-to-left words and, when the line is mostly right-to-left, the order of its words.
    /// Numbers and Latin words inside such a line keep their own left-to-right spelling.</summary>
    public static List<string> ToReadingOrder(List<string> visualWords)
    {
        var rightToLeftLetters = visualWords.Sum(w => w.Count(IsRightToLeft));
        if (rightToLeftLetters == 0)
            return visualWords;

        var words = visualWords.Select(w => w.Any(IsRightToLeft) ? Reverse(w) : w).ToList();
        var leftToRightLetters = visualWords.Sum(w => w.Count(c => char.IsLetter(c) && !IsRightToLeft(c)));
        if (rightToLeftLetters > leftToRightLetters)
            words.Reverse();
        return words;
    }

    /// <summary>Reverses the characters; brackets are mirrored so that "(" still opens what it encloses.</summary>
    private static string Reverse(string word)
    {
        var letters = word.Select(Mirror).ToArray();
        Array.Reverse(letters);
        return new string(letters);
    }

    private static char Mirror(char c) => c switch
    {
        '(' => ')', ')' => '(',
        '[' => ']', ']' => '[',
        '{' => '}', '}' => '{',
        '<' => '>', '>' => '<',
        _ => c,
    };

    // Hebrew, Arabic, Syriac, Thaana and their presentation forms.
    private static bool IsRightToLeft(char c) =>
        c is >= '\u0590' and <= '\u07BF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';
}
