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
    public static string Read(Page page)
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

    private static string ReadByLayout(Page page)
    {
        var words = page.GetWords(NearestNeighbourWordExtractor.Instance).ToList();
        if (words.Count == 0)
            return "";
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder);
        return string.Join("\n\n", ordered.Select(BlockText).Where(t => t.Length > 0));
    }

    private static string BlockText(TextBlock block)
    {
        var text = new StringBuilder();
        foreach (var line in block.TextLines)
        {
            var lineText = LineText(line);
            if (lineText.Length == 0)
                continue;
            if (text.Length > 0)
            {
                if (EndsWithSplitWord(text) && StartsWithLowercase(lineText))
                    text.Length--; // "exam-" + "ple" -> "example"
                else
                    text.Append('\n');
            }
            text.Append(lineText);
        }
        return text.ToString();
    }

    private static string LineText(TextLine line)
    {
        var text = new StringBuilder();
        foreach (var word in line.Words)
        {
            var wordText = word.Text.Trim();
            if (wordText.Length == 0)
                continue;
            // CJK scripts do not separate words with spaces; the word extractor still splits them.
            if (text.Length > 0 && !(IsCjk(text[^1]) && IsCjk(wordText[0])))
                text.Append(' ');
            text.Append(wordText);
        }
        return text.ToString();
    }

    private static bool EndsWithSplitWord(StringBuilder text) =>
        text.Length >= 2 && text[^1] == '-' && char.IsLower(text[^2]);

    private static bool StartsWithLowercase(string line) => char.IsLower(line[0]);

    private static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
}
