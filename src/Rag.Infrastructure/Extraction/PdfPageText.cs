using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Rag.Infrastructure.Extraction;

/// <summary>Text of one PDF page in reading order: lines joined by '\n', blocks separated by a blank line.</summary>
internal static class PdfPageText
{
    public static string Read(Page page) => ExpandLigatures(ReadInBestOrder(page)).Trim();

    private static string ReadInBestOrder(Page page)
    {
        try
        {
            return ReadByLayout(page);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Layout analysis is heuristic and can fail on odd geometry; content order is still better than nothing.
            return ContentOrderTextExtractor.GetText(page, addDoubleNewline: true);
        }
    }

    /// <summary>Typeset "ﬁ", "ﬂ", ... become plain letters, so that searching "classifier" finds "classiﬁer".</summary>
    private static string ExpandLigatures(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uFB00', '\uFB06'))
            return text;
        var expanded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is >= '\uFB00' and <= '\uFB06')
                expanded.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            else
                expanded.Append(c);
        }
        return expanded.ToString();
    }

    private static string ReadByLayout(Page page)
    {
        var words = page.GetWords(NearestNeighbourWordExtractor.Instance).SelectMany(PdfWordGaps.Split).ToList();
        if (words.Count == 0)
            return "";
        var tables = PdfTableRows.Find(words);
        var tableWords = tables.SelectMany(t => t.Lines).SelectMany(l => l).ToHashSet();
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words.Where(w => !tableWords.Contains(w))).ToList();
        // A table takes its place in the reading order as one block, written row by row.
        var tableTexts = new Dictionary<TextBlock, string>();
        foreach (var table in tables)
        {
            var block = new TextBlock(table.Lines.Select(l => new TextLine(l)).ToList());
            blocks.Add(block);
            tableTexts[block] = table.Text;
        }

        var text = new StringBuilder();
        foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder))
        {
            var separator = "\n\n";
            var lines = tableTexts.TryGetValue(block, out var tableText)
                ? tableText.Split('\n')
                : block.TextLines.Select(l => JoinWords(l.Words));
            foreach (var line in lines)
            {
                if (line.Length == 0)
                    continue;
                AppendLine(text, line, separator);
                separator = "\n";
            }
        }
        return text.ToString();
    }

    /// <summary>Joins a word hyphenated across a line (or column) break: "exam-" + "ple" gives "example",
    /// "state-" + "of-the-art" keeps its hyphen.</summary>
    private static void AppendLine(StringBuilder text, string line, string separator)
    {
        var continuesSplitWord = text.Length >= 2 && text[^1] == '-' && char.IsLower(text[^2]) && char.IsLower(line[0]);
        if (!continuesSplitWord)
        {
            if (text.Length > 0)
                text.Append(separator);
        }
        else if (!FirstWord(line).Contains('-'))
        {
            text.Length--;
        }
        text.Append(line);
    }

    private static string FirstWord(string line)
    {
        var space = line.IndexOf(' ');
        return space < 0 ? line : line[..space];
    }

    /// <summary>Words of one line (or table cell) in reading order, separated by spaces except between CJK characters.</summary>
    public static string JoinWords(IEnumerable<Word> visualOrder)
    {
        var words = visualOrder.Select(w => w.Text.Trim()).Where(w => w.Length > 0).ToList();
        var text = new StringBuilder();
        foreach (var word in RightToLeftText.ToReadingOrder(words))
        {
            // CJK scripts do not separate words with spaces; the word extractor still splits them.
            if (text.Length > 0 && !(IsCjk(text[^1]) && IsCjk(word[0])))
                text.Append(' ');
            text.Append(word);
        }
        return text.ToString();
    }

    private static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
}
