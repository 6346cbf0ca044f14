using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Onnx.Embedding;

/// <summary>
/// BERT's normaliser and pre-tokenizer, as Hugging Face tokenizers (and transformers.js) apply them: drop control
/// characters, turn any whitespace into a space, put spaces around CJK ideographs, lowercase, strip accents
/// (NFD, then drop non-spacing marks), then split into words and single punctuation characters.
/// Microsoft.ML.Tokenizers' own BERT pipeline differs on symbols, tabs/newlines, Hangul and zero-width characters.
/// </summary>
internal sealed partial class BertTextNormalizer(bool lowerCase, bool stripAccents, bool splitChineseCharacters)
{
    private const string Punctuation = @"\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E";

    [GeneratedRegex($@"[^\s{Punctuation}]+|[{Punctuation}]")]
    private static partial Regex WordOrPunctuation();

    /// <summary>The words of <paramref name="text"/>, joined by single spaces, ready for WordPiece.</summary>
    public string NormalizeAndSplit(string text)
    {
        var normalized = Normalize(text);
        var builder = new StringBuilder(normalized.Length);
        foreach (var match in WordOrPunctuation().EnumerateMatches(normalized))
        {
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(normalized.AsSpan(match.Index, match.Length));
        }
        return builder.ToString();
    }

    private string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || IsControl(rune)) continue;
            if (Rune.IsWhiteSpace(rune)) builder.Append(' ');
            else if (splitChineseCharacters && IsChineseCharacter(rune.Value)) builder.Append(' ').Append(rune.ToString()).Append(' ');
            else builder.Append(rune.ToString());
        }
        var result = builder.ToString();
        if (lowerCase) result = result.ToLowerInvariant();
        return stripAccents ? StripAccents(result) : result;
    }

    private static bool IsControl(Rune rune) =>
        rune.Value is not ('\t' or '\n' or '\r')
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString();
    }

    private static bool IsChineseCharacter(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
