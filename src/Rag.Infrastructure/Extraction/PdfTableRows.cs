using UglyToad.PdfPig.Content;

namespace Rag.Infrastructure.Extraction;

/// <summary>A table found among a page's words: its text lines (for reading order) and its text, one row a line.</summary>
internal sealed record PdfTable(IReadOnlyList<IReadOnlyList<Word>> Lines, string Text);

/// <summary>Finds tables from word positions (cells of several lines lined up in columns) and writes each row as one
/// line, "Header: value | Header: value", so that a row's cells stay together in one chunk; layout analysis alone
/// breaks a table into column blocks.</summary>
internal static class PdfTableRows
{
    // In ems of the font size: column gaps are wider than any space between words of a cell.
    private const double MinColumnGap = 1.0;
    private const double MaxRowGap = 2.5;
    private const double SameBaseline = 0.3;
    private const int MinColumns = 3;
    private const int MinTableLines = 3;

    // A longer run of words on one line is prose (e.g. the other column of a two-column page beside a table), not a cell.
    private const int MaxCellChars = 40;

    private sealed record Cell(List<Word> Words, double Left, double Right);

    private sealed record Line(List<Cell> Cells, double Baseline, double FontSize)
    {
        public IEnumerable<Word> Words => Cells.SelectMany(c => c.Words);
        public bool IsTabular => Cells.Count >= MinColumns;
    }

    private readonly record struct Column(double Left, double Right);

    public static List<PdfTable> Find(IReadOnlyList<Word> words)
    {
        var tables = new List<PdfTable>();
        var region = new List<Line>();
        foreach (var line in Lines(words))
        {
            if (region.Count > 0 && !Continues(region, line))
            {
                AddTable(tables, region);
                region = [];
            }
            if (region.Count > 0 || line.IsTabular)
                region.Add(line);
        }
        AddTable(tables, region);
        return tables;
    }

    private static IEnumerable<Line> Lines(IReadOnlyList<Word> words)
    {
        var placed = words
            .Where(w => w.TextOrientation == TextOrientation.Horizontal && !string.IsNullOrWhiteSpace(w.Text))
            .OrderByDescending(Baseline)
            .ToList();
        var start = 0;
        for (var i = 1; i <= placed.Count; i++)
        {
            if (i < placed.Count && Baseline(placed[start]) - Baseline(placed[i]) <= SameBaseline * FontSize(placed[start]))
                continue;
            var lineWords = placed.GetRange(start, i - start).OrderBy(w => w.BoundingBox.Left).ToList();
            var cells = Cells(lineWords).Where(c => c.Words.Sum(w => w.Text.Length + 1) <= MaxCellChars).ToList();
            if (cells.Count > 0)
                yield return new Line(cells, Baseline(placed[start]), lineWords.Max(FontSize));
            start = i;
        }
    }

    private static List<Cell> Cells(List<Word> line)
    {
        var cells = new List<Cell>();
        var cell = new List<Word> { line[0] };
        foreach (var word in line.Skip(1))
        {
            if (word.BoundingBox.Left - cell[^1].BoundingBox.Right > MinColumnGap * FontSize(word))
            {
                cells.Add(NewCell(cell));
                cell = [];
            }
            cell.Add(word);
        }
        cells.Add(NewCell(cell));
        return cells;
    }

    private static Cell NewCell(List<Word> words) => new(words, words[0].BoundingBox.Left, words.Max(w => w.BoundingBox.Right));

    /// <summary>A line belongs to the table above it when it is close below and its cells fall into the table's columns
    /// (a line with fewer cells continues cells that wrap onto several lines).</summary>
    private static bool Continues(List<Line> region, Line line)
    {
        var previous = region[^1];
        if (previous.Baseline - line.Baseline > MaxRowGap * Math.Max(previous.FontSize, line.FontSize))
            return false;
        var columns = Columns(region);
        var aligned = line.Cells.Count(cell => columns.Count(column => Overlaps(cell, column)) == 1);
        return line.IsTabular ? aligned >= 2 : aligned == line.Cells.Count;
    }

    private static void AddTable(List<PdfTable> tables, List<Line> region)
    {
        // Trailing lines that merely continue cells are kept; a table needs several lines of its own columns.
        var columns = Columns(region);
        if (region.Count(l => l.IsTabular) < MinTableLines || columns.Count < MinColumns)
            return;
        var rows = Rows(region, columns).Select(r => r.Select(PdfPageText.JoinWords).ToArray()).ToList();
        if (!HasFigureColumn(rows))
            return;
        tables.Add(new PdfTable(region.Select(l => (IReadOnlyList<Word>)l.Words.ToList()).ToList(), RowsText(rows)));
    }

    /// <summary>Lists set side by side in columns (names and titles, menus) line up like a table, but reading them
    /// row by row would mix unrelated entries. A table proper has a column of figures.</summary>
    private static bool HasFigureColumn(List<string[]> rows) =>
        Enumerable.Range(0, rows[0].Length).Any(column =>
        {
            var filled = rows.Select(r => r[column]).Where(c => c.Length > 0).ToList();
            return filled.Count >= MinTableLines - 1 && filled.Count(c => c.Any(char.IsDigit)) * 2 >= filled.Count;
        });

    /// <summary>Columns are where the cells of the table's full lines overlap horizontally.</summary>
    private static List<Column> Columns(List<Line> region)
    {
        var columns = new List<Column>();
        foreach (var cell in region.Where(l => l.IsTabular).SelectMany(l => l.Cells).OrderBy(c => c.Left))
        {
            if (columns.Count > 0 && cell.Left <= columns[^1].Right)
                columns[^1] = columns[^1] with { Right = Math.Max(columns[^1].Right, cell.Right) };
            else
                columns.Add(new Column(cell.Left, cell.Right));
        }
        return columns;
    }

    private static bool Overlaps(Cell cell, Column column) => cell.Left <= column.Right && column.Left <= cell.Right;

    /// <summary>Cells of each row by column. When most full lines fill the first column, a line that leaves it empty
    /// continues the row above (cells wrapped onto several lines); otherwise each line is a row.</summary>
    private static List<List<Word>[]> Rows(List<Line> region, List<Column> columns)
    {
        var firstColumnMarksRows = region.Count(l => l.IsTabular && ColumnOf(l.Cells[0], columns) == 0) * 2 > region.Count(l => l.IsTabular);
        var rows = new List<List<Word>[]>();
        foreach (var line in region)
        {
            var startsRow = rows.Count == 0 || !firstColumnMarksRows || ColumnOf(line.Cells[0], columns) == 0;
            if (startsRow)
                rows.Add(columns.Select(_ => new List<Word>()).ToArray());
            foreach (var cell in line.Cells)
                rows[^1][ColumnOf(cell, columns)].AddRange(cell.Words);
        }
        return rows;
    }

    private static int ColumnOf(Cell cell, List<Column> columns)
    {
        var best = 0;
        for (var i = 1; i < columns.Count; i++)
            if (Overlap(cell, columns[i]) > Overlap(cell, columns[best]))
                best = i;
        return best;
    }

    private static double Overlap(Cell cell, Column column) => Math.Min(cell.Right, column.Right) - Math.Max(cell.Left, column.Left);

    /// <summary>Leading rows without figures are the header; each later row is written as "Header: value" pairs joined
    /// by "; ", as Office and spreadsheet rows are (see <see cref="PageTextBuilder.RowText"/>).</summary>
    private static string RowsText(List<string[]> rows)
    {
        var headerRows = rows.TakeWhile(r => !r.Any(c => c.Any(char.IsDigit))).Count();
        var header = Enumerable.Range(0, rows[0].Length)
            .Select(column => string.Join(" ", rows.Take(headerRows).Select(r => r[column]).Where(c => c.Length > 0)))
            .ToArray();
        return string.Join("\n", rows.Skip(headerRows).Select(row => string.Join("; ", row
            .Select((cell, column) => cell.Length == 0 || header[column].Length == 0 ? cell : $"{header[column]}: {cell}")
            .Where(c => c.Length > 0))));
    }

    private static double Baseline(Word word) => word.Letters[0].StartBaseLine.Y;

    private static double FontSize(Word word) => Math.Max(word.Letters[0].PointSize, 1);
}
