using System.Text.RegularExpressions;

namespace Rag.Infrastructure.Ocr;

/// <summary>Tesseract's Chinese models put a space between every two Han characters; Chinese has none.</summary>
public static partial class CjkSpacing
{
    public static string Tighten(string text) => BetweenCjk().Replace(text, "");

    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\uFF00-\uFFEF]) +(?=[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\uFF00-\uFFEF])")]
    private static partial Regex BetweenCjk();
}
