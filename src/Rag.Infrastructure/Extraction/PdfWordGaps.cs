using UglyToad.PdfPig.Content;

namespace Rag.Infrastructure.Extraction;

/// <summary>Splits words that PdfPig's word extractor glued together although a gap sets them apart: PDFs that
/// position words without space glyphs (common in LaTeX and InDesign output) otherwise read
/// "Searchenginearchitecturesoftenfollow…".</summary>
internal static class PdfWordGaps
{
    // Measured on the evaluation PDFs (from one glyph's end to the next one's start, in ems of the font size): gaps
    // inside words stay below 0.07 em, gaps between words without a space glyph start at 0.14 em. PdfPig's word
    // extractor allows 0.2 em, which glues tightly justified text into one "word" per line.
    private const double MinWordGap = 0.12;

    // Letter-spaced headings ("C O M M O D I T Y") have wide gaps between all letters; only a gap clearly wider than
    // the word's usual one separates words there.
    private const double MinExtraOverUsualGap = 0.08;

    public static IEnumerable<Word> Split(Word word)
    {
        var letters = word.Letters;
        if (letters.Count < 2 || word.TextOrientation != TextOrientation.Horizontal)
            return [word];

        var gaps = new double[letters.Count - 1];
        for (var i = 0; i < gaps.Length; i++)
            gaps[i] = GapInEms(letters[i], letters[i + 1]);
        var usualGap = Median(gaps);

        var pieces = new List<Word>();
        var start = 0;
        for (var i = 0; i < gaps.Length; i++)
        {
            if (gaps[i] <= MinWordGap || gaps[i] <= usualGap + MinExtraOverUsualGap)
                continue;
            pieces.Add(new Word(Slice(letters, start, i + 1)));
            start = i + 1;
        }
        if (start == 0)
            return [word];
        pieces.Add(new Word(Slice(letters, start, letters.Count)));
        return pieces;
    }

    private static double GapInEms(Letter left, Letter right)
    {
        var fontSize = Math.Max(left.PointSize, right.PointSize);
        return fontSize > 0 ? (right.StartBaseLine.X - left.EndBaseLine.X) / fontSize : 0;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static List<Letter> Slice(IReadOnlyList<Letter> letters, int start, int end) =>
        Enumerable.Range(start, end - start).Select(i => letters[i]).ToList();
}
