using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Office;

namespace Rag.Infrastructure.Extraction.Spreadsheets;

/// <summary>Excel workbooks (XLSX): one sheet is one page, in the workbook's order, with the sheet's name as its
/// heading and rows written with their header names. Sheets and shared strings are read as a stream of XML
/// elements, never as a whole tree, so memory follows one row rather than the sheet.</summary>
public sealed class XlsxTextExtractor(OfficeLimits limits) : ITextExtractor
{
    private const string Kind = "Excel workbook";
    private const int MaxColumns = 16_384;

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Xlsx];

    public Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => OfficePackage.Read(content, Kind, limits, (package, settings) =>
        {
            using var workbook = SpreadsheetDocument.Open(package, false, settings);
            var part = workbook.WorkbookPart ?? throw new ExtractionException($"This {Kind} has no sheets.");
            var sheets = part.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            var cells = new CellText(SharedStrings(part), CellFormats.Read(part.WorkbookStylesPart));
            var writer = new SheetWriter(limits, Kind);
            var pages = new List<ExtractedPage>(sheets.Count);
            foreach (var sheet in sheets)
            {
                var rows = sheet.Id?.Value is { } id && part.GetPartById(id) is WorksheetPart worksheet ? Rows(worksheet, cells) : [];
                pages.Add(writer.Write(pages.Count + 1, sheet.Name?.Value ?? $"Sheet {pages.Count + 1}", rows, cancellationToken));
                progress?.Report((pages.Count, sheets.Count));
            }
            return new ExtractedDocument(pages);
        }), cancellationToken);

    /// <summary>Cells are loaded one at a time: a row may hold at most Excel's 16,384 columns, but a hostile one could
    /// list millions of cells.</summary>
    private static IEnumerable<IReadOnlyList<string>> Rows(WorksheetPart worksheet, CellText cells)
    {
        using var reader = OpenXmlReader.Create(worksheet);
        List<string>? values = null;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement) values = [];
                else if (values is not null) yield return values;
            }
            else if (reader.ElementType == typeof(Cell) && reader.IsStartElement && values is not null)
            {
                var cell = (Cell)reader.LoadCurrentElement()!;
                // A row lists only the cells that hold something; the reference ("C7") says which column.
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : values.Count;
                if (column >= MaxColumns || values.Count >= MaxColumns)
                    throw new ExtractionException($"This {Kind} has a row with more than {MaxColumns:N0} cells, which Excel never writes.");
                while (values.Count < column) values.Add("");
                values.Add(cells.Of(cell));
            }
        }
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
            index = Math.Min(index * 26 + (char.ToUpperInvariant(c) - 'A' + 1), MaxColumns + 1);
        return Math.Max(index - 1, 0);
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                // Plain text, or rich-text runs; phonetic guides (rPh) are not part of the value.
                strings.Add(item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)));
            }
        return strings;
    }
}
