using System.IO.Compression;
using System.Text;

namespace Rag.Testing.Documents;

/// <summary>Builds Office packages by hand, for files no Office program would write: zip bombs, DTDs, huge sheets.</summary>
public static class OfficeZip
{
    public const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public const string SheetMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

    public static byte[] Docx(string documentXml) => Build(
        ("[Content_Types].xml", ContentTypes(("/word/document.xml", WordMain))),
        ("_rels/.rels", Rels(("rId1", OfficeDocument, "word/document.xml"))),
        ("word/document.xml", documentXml));

    public static string WordBody(string paragraphsXml) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphsXml}</w:body></w:document>""";

    public static string WordParagraph(string text) => $"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>";

    /// <summary>A workbook of one sheet with <paramref name="rows"/> rows of <paramref name="columns"/> numbers.</summary>
    public static byte[] Xlsx(int rows, int columns)
    {
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (var r = 1; r <= rows; r++)
        {
            sheet.Append($"<row r=\"{r}\">");
            for (var c = 0; c < columns; c++) sheet.Append($"<c><v>{r * 100 + c}</v></c>");
            sheet.Append("</row>");
        }
        sheet.Append("</sheetData></worksheet>");
        return Build(
            ("[Content_Types].xml", ContentTypes(("/xl/workbook.xml", SheetMain),
                ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))),
            ("_rels/.rels", Rels(("rId1", OfficeDocument, "xl/workbook.xml"))),
            ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", Rels(("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml"))),
            ("xl/worksheets/sheet1.xml", sheet.ToString()));
    }

    /// <summary>A DOCX whose document part is <paramref name="spaces"/> spaces inside one paragraph: a zip bomb of about
    /// spaces / 1000 bytes.</summary>
    public static byte[] DocxBomb(long spaces)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", ContentTypes(("/word/document.xml", WordMain)));
            Add(zip, "_rels/.rels", Rels(("rId1", OfficeDocument, "word/document.xml")));
            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var head = WordBody("<w:p><w:r><w:t>bomb").Split("</w:t>")[0];
            part.Write(Encoding.UTF8.GetBytes(head));
            var block = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
            for (long written = 0; written < spaces; written += block.Length) part.Write(block);
            part.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
        }
        return memory.ToArray();
    }

    public static byte[] Build(params (string Path, string Content)[] parts)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in parts)
                Add(zip, path, content);
        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string path, string content)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static string ContentTypes(params (string Part, string Type)[] overrides) =>
        """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"""
        + string.Concat(overrides.Select(o => $"<Override PartName=\"{o.Part}\" ContentType=\"{o.Type}\"/>")) + "</Types>";

    private static string Rels(params (string Id, string Type, string Target)[] relationships) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Relationships}">"""
        + string.Concat(relationships.Select(r => $"<Relationship Id=\"{r.Id}\" Type=\"{r.Type}\" Target=\"{r.Target}\"/>")) + "</Relationships>";
}
