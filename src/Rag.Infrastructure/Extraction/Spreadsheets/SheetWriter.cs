using System.Globalization;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Office;

namespace Rag.Infrastructure.Extraction.Spreadsheets;

/// <summary>Writes one sheet as one page: its name as the heading, its first non-empty row as the column names, then
/// every row as one line "Name: value; …" that the chunker never splits, so a large sheet is chunked by rows and every
/// chunk still says what each value is. Counts cells against <see cref="OfficeLimits.MaxCells"/> across the document.</summary>
internal sealed class SheetWriter(OfficeLimits limits, string kind)
{
    private long _cells;

    public ExtractedPage Write(int number, string? name, IEnumerable<IReadOnlyList<string>> rows, CancellationToken cancellationToken)
    {
        var page = new PageTextBuilder();
        if (!string.IsNullOrWhiteSpace(name)) page.Heading(1, $"Sheet: {name}");
        IReadOnlyList<string>? header = null;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _cells += row.Count;
            if (_cells > limits.MaxCells)
                throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                    $"This {kind} has more than {limits.MaxCells:N0} cells (the limit); split it into smaller files."));
            if (header is null)
            {
                if (row.All(string.IsNullOrWhiteSpace)) continue;
                header = row;
                page.Row(string.Join(" | ", row.Select(PageTextBuilder.Collapse).Where(c => c.Length > 0)));
            }
            else page.Row(PageTextBuilder.RowText(header, row, ColumnLetters));
        }
        return page.Build(number);
    }

    /// <summary>"A" for column 0, "AA" for column 26: how spreadsheets name a column without a header.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (index++; index > 0; index = (index - 1) / 26)
            letters = (char)('A' + (index - 1) % 26) + letters;
        return letters;
    }
}
