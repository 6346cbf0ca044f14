using System.Text;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Writes one page of structured text (Office, HTML, spreadsheets): paragraphs a blank line apart, headings
/// recorded as section starts with their path ("Title > Chapter"), and table rows as "Header: value; …" lines that a
/// chunk never splits.</summary>
internal sealed class PageTextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<SectionStart> _sections = [];
    private readonly List<Range> _rows = [];
    private readonly List<(int Level, string Title)> _headingPath = [];

    public int Length => _text.Length;

    /// <summary>Starts a section; <paramref name="level"/> 1 is the outermost heading.</summary>
    public void Heading(int level, string title)
    {
        title = Collapse(title);
        if (title.Length == 0) return;
        _headingPath.RemoveAll(h => h.Level >= level);
        _headingPath.Add((level, title));
        _sections.Add(new SectionStart(_text.Length, string.Join(" > ", _headingPath.Select(h => h.Title))));
        Paragraph(title);
    }

    public void Paragraph(string paragraph)
    {
        paragraph = paragraph.Trim();
        if (paragraph.Length > 0)
            _text.Append(paragraph).Append("\n\n");
    }

    /// <summary>Writes a table: the first row names the columns, every later row is written as "Header: value; …".</summary>
    public void Table(IEnumerable<IReadOnlyList<string>> rows)
    {
        IReadOnlyList<string>? header = null;
        foreach (var row in rows)
        {
            if (header is null)
            {
                if (row.All(string.IsNullOrWhiteSpace)) continue;
                header = row;
                Row(string.Join(" | ", row.Select(Collapse).Where(c => c.Length > 0)));
            }
            else Row(RowText(header, row));
        }
        if (_text.Length > 0 && _text[^1] != '\n') _text.Append('\n');
        _text.Append('\n');
    }

    /// <summary>One row as "Header: value; Header: value", skipping empty cells; a column without a header is named
    /// by its position (spreadsheets: its letter).</summary>
    public static string RowText(IReadOnlyList<string> header, IReadOnlyList<string> cells, Func<int, string>? columnName = null)
    {
        var parts = new List<string>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var value = Collapse(cells[i]);
            if (value.Length == 0) continue;
            var name = i < header.Count ? Collapse(header[i]) : "";
            if (name.Length == 0) name = columnName?.Invoke(i) ?? $"Column {i + 1}";
            parts.Add($"{name}: {value}");
        }
        return string.Join("; ", parts);
    }

    /// <summary>A line kept whole by the chunker.</summary>
    public void Row(string row)
    {
        if (row.Length == 0) return;
        _rows.Add(_text.Length..(_text.Length + row.Length));
        _text.Append(row).Append('\n');
    }

    /// <summary>A builder for the next page, inside the same section as this one ends in.</summary>
    public PageTextBuilder NextPage()
    {
        var next = new PageTextBuilder();
        next._headingPath.AddRange(_headingPath);
        if (_headingPath.Count > 0) next._sections.Add(new SectionStart(0, string.Join(" > ", _headingPath.Select(h => h.Title))));
        return next;
    }

    public ExtractedPage Build(int number) => new(number, _text.ToString().TrimEnd(), _sections.ToList(), _rows.ToList());

    /// <summary>Whitespace runs (line breaks inside a cell or heading) become one space.</summary>
    public static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
