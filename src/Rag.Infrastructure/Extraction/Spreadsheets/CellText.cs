using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rag.Infrastructure.Extraction.Spreadsheets;

/// <summary>A cell's value as a person reads it: shared and inline strings, TRUE/FALSE, dates and times (stored as
/// day numbers with a date format) as ISO 8601, percentages with %, and numbers without binary noise (15
/// significant digits, as Excel shows them).</summary>
internal sealed class CellText(IReadOnlyList<string> sharedStrings, CellFormats formats)
{
    public string Of(Cell cell)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < sharedStrings.Count ? sharedStrings[i] : "";
        if (type == CellValues.InlineString)
            return cell.InlineString?.InnerText ?? raw ?? "";
        if (type == CellValues.Boolean)
            return raw == "1" ? "TRUE" : "FALSE";
        if (raw is null || (type is not null && type != CellValues.Number))
            return raw ?? "";
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return raw;
        return formats.KindOf(cell.StyleIndex?.Value ?? 0) switch
        {
            NumberKind.Date => DateText(number),
            NumberKind.Time => DateTime.FromOADate(number % 1).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            NumberKind.Percent => (number * 100).ToString("G15", CultureInfo.InvariantCulture) + "%",
            _ => number.ToString("G15", CultureInfo.InvariantCulture),
        };
    }

    private static string DateText(double serial)
    {
        if (serial is < -657434 or > 2958465) return serial.ToString("G15", CultureInfo.InvariantCulture);
        var date = DateTime.FromOADate(serial);
        return date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
