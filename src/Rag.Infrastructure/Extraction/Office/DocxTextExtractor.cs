using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction.Office;

/// <summary>Word documents (DOCX): headings start sections, list items keep their bullet or number, tables are read
/// row by row with their header cells. A DOCX has no fixed pages (Word lays them out when it opens the file), so
/// pages are cut at explicit page breaks only; without any the whole document is page 1. A footnote keeps its mark
/// ("[1]") where it is referenced and its text goes to the end of that page; endnotes ("[i]") go under "Notes" at the
/// end. Page headers and footers are left out: they repeat on every page (titles, page numbers, "Confidential").</summary>
public sealed class DocxTextExtractor(OfficeLimits limits) : ITextExtractor
{
    private const string Kind = "Word document";

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Docx];

    public Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => OfficePackage.Read(content, Kind, limits, (package, settings) =>
        {
            using var document = WordprocessingDocument.Open(package, false, settings);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new ExtractionException($"This {Kind} has no body text.");
            var pages = new Writer(document.MainDocumentPart, cancellationToken).Write(body);
            progress?.Report((pages.Count, pages.Count));
            return new ExtractedDocument(pages);
        }), cancellationToken);

    private sealed class Writer(MainDocumentPart main, CancellationToken cancellationToken)
    {
        private readonly List<ExtractedPage> _pages = [];
        private readonly Dictionary<(int NumberingId, int Level), int> _listCounters = [];
        private readonly List<string> _pageFootnotes = [];
        private readonly List<string> _endnotes = [];
        private PageTextBuilder _page = new();

        public List<ExtractedPage> Write(Body body)
        {
            WriteBlocks(body);
            WriteFootnotes();
            if (_endnotes.Count > 0)
            {
                _page.Heading(1, "Notes");
                foreach (var note in _endnotes) _page.Paragraph(note);
            }
            _pages.Add(_page.Build(_pages.Count + 1));
            return _pages;
        }

        private void WriteBlocks(OpenXmlElement container)
        {
            foreach (var block in container.ChildElements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (block)
                {
                    case Paragraph paragraph:
                        WriteParagraph(paragraph);
                        break;
                    case Table table:
                        _page.Table(table.Elements<TableRow>().Select(row => (IReadOnlyList<string>)row.Elements<TableCell>().Select(CellText).ToList()));
                        break;
                    case SdtBlock or CustomXmlBlock: // content controls wrap ordinary paragraphs and tables
                        WriteBlocks(block.GetFirstChild<SdtContentBlock>() ?? block);
                        break;
                }
            }
        }

        private void WriteParagraph(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties;
            if (properties?.PageBreakBefore is { } before && (before.Val?.Value ?? true)) NewPage();

            var text = new StringBuilder();
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append('\t');
                        break;
                    case Break { Type: { } type } when type.Value == BreakValues.Page:
                        Emit(paragraph, text.ToString());
                        text.Clear();
                        NewPage();
                        break;
                    case Break or CarriageReturn:
                        text.Append('\n');
                        break;
                    case NoBreakHyphen:
                        text.Append('-');
                        break;
                    case FootnoteReference { Id.Value: var id }:
                        var footnote = $"[{_footnoteCount + 1}]";
                        text.Append(footnote);
                        if (NoteText(main.FootnotesPart?.Footnotes?.Elements<Footnote>(), id) is { } footnoteText)
                            _pageFootnotes.Add($"{footnote} {footnoteText}");
                        _footnoteCount++;
                        break;
                    case EndnoteReference { Id.Value: var id }:
                        var endnote = $"[{RomanNumeral(++_endnoteCount)}]";
                        text.Append(endnote);
                        if (NoteText(main.EndnotesPart?.Endnotes?.Elements<Endnote>(), id) is { } endnoteText) _endnotes.Add($"{endnote} {endnoteText}");
                        break;
                }
            }
            Emit(paragraph, text.ToString());
        }

        private void Emit(Paragraph paragraph, string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            if (Styles.HeadingLevel(main, paragraph) is { } level) _page.Heading(level, text);
            else _page.Paragraph(ListMarker(paragraph) + text);
        }

        private string ListMarker(Paragraph paragraph)
        {
            if (Styles.Numbering(main, paragraph) is not { } numbering) return "";
            var indent = new string(' ', 2 * numbering.Level);
            if (numbering.Format is null || numbering.Format == NumberFormatValues.Bullet || numbering.Format == NumberFormatValues.None)
                return indent + "• ";
            foreach (var deeper in _listCounters.Keys.Where(k => k.NumberingId == numbering.Id && k.Level > numbering.Level).ToList())
                _listCounters.Remove(deeper);
            var key = (numbering.Id, numbering.Level);
            _listCounters[key] = _listCounters.GetValueOrDefault(key, numbering.Start - 1) + 1;
            return $"{indent}{_listCounters[key]}. ";
        }

        private int _footnoteCount;
        private int _endnoteCount;

        /// <summary>The text of the footnote or endnote with that id; null when the file has none.</summary>
        private static string? NoteText(IEnumerable<FootnoteEndnoteType>? notes, long id)
        {
            var note = notes?.FirstOrDefault(n => n.Id?.Value == id);
            if (note is null) return null;
            var text = string.Join(" ", note.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text)).Trim()));
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }

        private static string RomanNumeral(int number)
        {
            (int Value, string Numeral)[] numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
            var roman = new StringBuilder();
            foreach (var (value, numeral) in numerals)
                for (; number >= value; number -= value) roman.Append(numeral);
            return roman.ToString();
        }

        private void WriteFootnotes()
        {
            foreach (var note in _pageFootnotes) _page.Paragraph(note);
            _pageFootnotes.Clear();
        }

        private void NewPage()
        {
            WriteFootnotes();
            _pages.Add(_page.Build(_pages.Count + 1));
            _page = _page.NextPage();
        }

        private static string CellText(TableCell cell) =>
            string.Join(" ", cell.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }
}
