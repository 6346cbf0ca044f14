using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rag.Infrastructure.Extraction.Spreadsheets;

internal enum NumberKind { Number, Date, Time, Percent }

/// <summary>What each cell style's number format makes of a number: Excel stores dates as numbers and tells them apart
/// only by format, built in (ids 14–22, 45–47 and the East Asian ones) or custom ("dd/mm/yyyy").</summary>
internal sealed class CellFormats(IReadOnlyList<NumberKind> byStyle)
{
    public NumberKind KindOf(uint styleIndex) => styleIndex < byStyle.Count ? byStyle[(int)styleIndex] : NumberKind.Number;

    public static CellFormats Read(WorkbookStylesPart? styles)
    {
        var stylesheet = styles?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .GroupBy(f => f.NumberFormatId!.Value)
            .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? "") ?? [];
        var kinds = stylesheet?.CellFormats?.Elements<CellFormat>()
            .Select(f => f.NumberFormatId?.Value is { } id ? KindOf(id, custom.GetValueOrDefault(id)) : NumberKind.Number)
            .ToList() ?? [];
        return new CellFormats(kinds);
    }

    private static NumberKind KindOf(uint id, string? code) => id switch
    {
        9 or 10 => NumberKind.Percent,
        (>= 14 and <= 17) or 22 or (>= 27 and <= 31) or (>= 34 and <= 36) or (>= 50 and <= 58) => NumberKind.Date,
        (>= 18 and <= 21) or (>= 45 and <= 47) or 32 or 33 => NumberKind.Time,
        _ when code is not null => KindOfCode(code),
        _ => NumberKind.Number,
    };

    private static NumberKind KindOfCode(string code)
    {
        // Quoted literals, escaped characters and [colour]/[locale] sections say nothing about the kind.
        var bare = new System.Text.StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') { i = code.IndexOf('"', i + 1); if (i < 0) break; }
            else if (c == '[') { var end = code.IndexOf(']', i + 1); if (end < 0) break; if (code[(i + 1)..end] is "h" or "hh" or "m" or "mm" or "s" or "ss") bare.Append('h'); i = end; }
            else if (c is '\\' or '_' or '*') i++;
            else bare.Append(char.ToLowerInvariant(c));
        }
        var text = bare.ToString();
        if (text.Contains('%')) return NumberKind.Percent;
        if (text.Contains('y') || text.Contains('d')) return NumberKind.Date;
        if (text.Contains('h') || text.Contains('s')) return NumberKind.Time;
        return NumberKind.Number;
    }
}
