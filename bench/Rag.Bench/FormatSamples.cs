using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rag.Bench;

/// <summary>The same articles (title and text) written as each format a person might upload: a Word report (one
/// heading per article, a page break every ten), a deck (one slide per article, cloned from the committed pandoc
/// fixture), a workbook and a CSV (one row per article), a web page and, as the baseline, plain text.</summary>
public static class FormatSamples
{
    public static byte[] Text(IReadOnlyList<(string Title, string Text)> articles) =>
        Encoding.UTF8.GetBytes(string.Join("\n\n", articles.Select(a => $"{a.Title}\n\n{a.Text}")));

    public static byte[] Html(IReadOnlyList<(string Title, string Text)> articles) => Encoding.UTF8.GetBytes(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Abstracts</title></head><body><nav><a href=\"/\">Home</a></nav><main><h1>Abstracts</h1>"
        + string.Concat(articles.Select(a => $"<article><h2>{WebUtility.HtmlEncode(a.Title)}</h2><p>{WebUtility.HtmlEncode(a.Text)}</p></article>"))
        + "</main><footer>Footer</footer></body></html>");

    public static byte[] Csv(IReadOnlyList<(string Title, string Text)> articles) => Encoding.UTF8.GetBytes(
        "Id,Title,Abstract\n" + string.Concat(articles.Select((a, i) => $"{i + 1},{Quoted(a.Title)},{Quoted(a.Text)}\n")));

    public static byte[] Docx(IReadOnlyList<(string Title, string Text)> articles)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var body = new W.Body();
            for (var i = 0; i < articles.Count; i++)
            {
                if (i > 0 && i % 10 == 0) body.Append(new W.Paragraph(new W.Run(new W.Break { Type = W.BreakValues.Page })));
                body.Append(new W.Paragraph(new W.ParagraphProperties(new W.OutlineLevel { Val = 0 }), new W.Run(new W.Text(articles[i].Title))));
                body.Append(new W.Paragraph(new W.Run(new W.Text(articles[i].Text))));
            }
            document.AddMainDocumentPart().Document = new W.Document(body);
        }
        return memory.ToArray();
    }

    public static byte[] Xlsx(IReadOnlyList<(string Title, string Text)> articles)
    {
        using var memory = new MemoryStream();
        using (var workbook = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = workbook.AddWorkbookPart();
            var strings = new List<string>();
            S.Cell Shared(string text)
            {
                strings.Add(text);
                return new S.Cell { DataType = S.CellValues.SharedString, CellValue = new S.CellValue(strings.Count - 1) };
            }
            var rows = new S.SheetData(new S.Row(Shared("Id"), Shared("Title"), Shared("Abstract")));
            for (var i = 0; i < articles.Count; i++)
                rows.Append(new S.Row(new S.Cell { CellValue = new S.CellValue(i + 1) }, Shared(articles[i].Title), Shared(articles[i].Text)));
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new S.Worksheet(rows);
            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable =
                new S.SharedStringTable(strings.Select(s => new S.SharedStringItem(new S.Text(s))));
            workbookPart.Workbook = new S.Workbook(new S.Sheets(new S.Sheet { Name = "Abstracts", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
        }
        return memory.ToArray();
    }

    /// <summary>Slides cloned from the fixture's "title and bullets" slide, after its own four.</summary>
    public static byte[] Pptx(IReadOnlyList<(string Title, string Text)> articles, byte[] template)
    {
        using var memory = new MemoryStream();
        memory.Write(template);
        using (var deck = PresentationDocument.Open(memory, true))
        {
            var presentation = deck.PresentationPart!;
            var slideIds = presentation.Presentation!.SlideIdList!;
            var model = (SlidePart)presentation.GetPartById(slideIds.Elements<P.SlideId>().ElementAt(1).RelationshipId!.Value!);
            var next = slideIds.Elements<P.SlideId>().Max(s => s.Id!.Value) + 1;
            foreach (var (title, text) in articles)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                slide.Slide = (P.Slide)model.Slide!.CloneNode(true);
                slide.AddPart(model.SlideLayoutPart!);
                var texts = slide.Slide.Descendants<A.Text>().ToList();
                texts[0].Text = title;
                texts[1].Text = text;
                foreach (var rest in texts.Skip(2)) rest.Text = "";
                slideIds.Append(new P.SlideId { Id = next++, RelationshipId = presentation.GetIdOfPart(slide) });
            }
        }
        return memory.ToArray();
    }

    private static string Quoted(string field) => "\"" + field.Replace("\"", "\"\"") + "\"";
}
