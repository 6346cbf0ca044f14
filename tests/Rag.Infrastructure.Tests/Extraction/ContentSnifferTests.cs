using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Extraction.Html;
using Rag.Infrastructure.Extraction.Office;
using Rag.Infrastructure.Extraction.Spreadsheets;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction;

public sealed class ContentSnifferTests
{
    [Fact]
    public void Real_pdf_is_recognised_whatever_its_name()
    {
        var head = Head(EvalPdfs.PathOf("tables-forms/data.pdf"));

        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(head, "data.pdf"));
        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(head, "report.txt"));
        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(head, null));
    }

    [Fact]
    public void File_named_pdf_without_pdf_header_is_unsupported()
    {
        var head = Head(EvalPdfs.PathOf("malformed/stackoverflow_error.pdf"));

        Assert.Null(ContentSniffer.Sniff(head, "stackoverflow_error.pdf"));
    }

    [Theory]
    [InlineData("page.html", KnownContentTypes.Html)]
    [InlineData("page.pdf", KnownContentTypes.Html)]
    [InlineData("page.txt", KnownContentTypes.Html)]
    [InlineData("notes.md", KnownContentTypes.Markdown)]
    public void Pdf_marker_inside_a_text_file_does_not_make_it_a_pdf(string fileName, string expected)
    {
        var text = (fileName == "notes.md" ? "# Notes\n\n" : "<!DOCTYPE html><html><body><script>alert(1)</script>\n") +
                   "<!-- %PDF-1.7 -->\n";

        Assert.Equal(expected, ContentSniffer.Sniff(Encoding.UTF8.GetBytes(text), fileName));
    }

    [Fact]
    public void Pdf_marker_after_a_128_byte_prefix_that_is_no_macbinary_header_is_not_a_pdf()
    {
        var real = Head(EvalPdfs.PathOf("papers-multicolumn/23056.PMC2132516.pdf"));
        var damaged = real.ToArray();
        damaged[20] ^= 0xFF; // inside the header's file name: its checksum no longer matches
        var textPrefix = Encoding.ASCII.GetBytes(new string('x', 128)).Concat(real[128..]).ToArray();

        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(real, "paper.pdf"));
        Assert.Null(ContentSniffer.Sniff(damaged, "paper.pdf"));
        Assert.NotEqual(KnownContentTypes.Pdf, ContentSniffer.Sniff(textPrefix, "paper.pdf"));
    }

    [Theory]
    [InlineData("notes.md", KnownContentTypes.Markdown)]
    [InlineData("notes.markdown", KnownContentTypes.Markdown)]
    [InlineData("notes.txt", KnownContentTypes.PlainText)]
    [InlineData("notes.text", KnownContentTypes.PlainText)]
    [InlineData("README", KnownContentTypes.PlainText)]
    [InlineData("page.html", KnownContentTypes.Html)]
    [InlineData("data.csv", KnownContentTypes.Csv)]
    [InlineData("data.json", null)]
    public void Text_is_classified_by_extension(string fileName, string? expected)
    {
        Assert.Equal(expected, ContentSniffer.Sniff("# Title\nSome text, café 知识库.\n"u8, fileName));
    }

    [Fact]
    public void Html_is_recognised_by_its_content()
    {
        Assert.Equal(KnownContentTypes.Html, ContentSniffer.Sniff("\n<!DOCTYPE html><html><body>Hi</body></html>"u8, "page.txt"));
    }

    [Fact]
    public void Text_file_containing_nul_bytes_is_binary_and_unsupported()
    {
        Assert.Null(ContentSniffer.Sniff([0x48, 0x69, 0x00, 0x01, 0x02], "notes.txt"));
    }

    [Fact]
    public void Utf16_text_without_byte_order_mark_is_text()
    {
        Assert.Equal(KnownContentTypes.PlainText, ContentSniffer.Sniff(Encoding.Unicode.GetBytes("Hello, world"), "notes.txt"));
        Assert.Equal(KnownContentTypes.Markdown, ContentSniffer.Sniff(Encoding.BigEndianUnicode.GetBytes("# Hello"), "notes.md"));
    }

    [Fact]
    public void Utf16_text_with_byte_order_mark_is_text()
    {
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Hello")];

        Assert.Equal(KnownContentTypes.PlainText, ContentSniffer.Sniff(utf16, "hello.txt"));
    }

    [Fact]
    public void Zip_head_alone_does_not_make_an_office_file_whatever_its_name()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00];

        Assert.Null(ContentSniffer.Sniff(zip, "Report.DOCX"));
        Assert.Null(ContentSniffer.Sniff(zip, "archive.zip"));
    }

    [Fact]
    public void Registry_has_an_extractor_for_every_known_type()
    {
        var registry = new ServiceCollection().AddTextExtractors().BuildServiceProvider().GetRequiredService<ExtractorRegistry>();

        Assert.IsType<PdfTextExtractor>(registry.Find(KnownContentTypes.Pdf));
        Assert.IsType<MarkdownTextExtractor>(registry.Find(KnownContentTypes.Markdown));
        Assert.IsType<PlainTextExtractor>(registry.Find(KnownContentTypes.PlainText));
        Assert.IsType<DocxTextExtractor>(registry.Find(KnownContentTypes.Docx));
        Assert.IsType<PptxTextExtractor>(registry.Find(KnownContentTypes.Pptx));
        Assert.IsType<XlsxTextExtractor>(registry.Find(KnownContentTypes.Xlsx));
        Assert.IsType<CsvTextExtractor>(registry.Find(KnownContentTypes.Csv));
        Assert.IsType<HtmlTextExtractor>(registry.Find(KnownContentTypes.Html));
    }

    private static byte[] Head(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[ContentSniffer.HeadLength];
        return head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
    }

    [Theory]
    [InlineData("report.docx", KnownContentTypes.Docx)]
    [InlineData("report-libreoffice.docx", KnownContentTypes.Docx)]
    [InlineData("deck.pptx", KnownContentTypes.Pptx)]
    [InlineData("inventory.xlsx", KnownContentTypes.Xlsx)]
    public void Office_files_are_told_apart_by_their_declared_main_part_not_their_name(string fixture, string expected)
    {
        using var file = File.OpenRead(FixtureFiles.PathOf(fixture));

        Assert.Equal(expected, ContentSniffer.Sniff(file, fixture));
        file.Position = 0;
        Assert.Equal(expected, ContentSniffer.Sniff(file, "renamed.docx"));
    }

    [Fact]
    public void Zip_that_is_no_office_file_is_unsupported_and_a_damaged_one_is_judged_by_its_name()
    {
        var plainZip = OfficeZip.Build(("notes.txt", "hello"));
        var damaged = File.ReadAllBytes(FixtureFiles.PathOf("deck.pptx"))[..2000];

        Assert.Null(ContentSniffer.Sniff(new MemoryStream(plainZip), "notes.docx"));
        Assert.Equal(KnownContentTypes.Pptx, ContentSniffer.Sniff(new MemoryStream(damaged), "deck.pptx"));
        Assert.Null(ContentSniffer.Sniff(new MemoryStream(damaged), "deck.zip"));
    }

    [Fact]
    public void Office_type_declared_for_an_extension_rather_than_a_part_is_recognised()
    {
        // System.IO.Packaging (and so the Open XML SDK) declares the main part's type as the Default for ".xml".
        using var docx = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(docx, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
            document.AddMainDocumentPart().Document = new(new DocumentFormat.OpenXml.Wordprocessing.Body());
        docx.Position = 0;

        Assert.Equal(KnownContentTypes.Docx, ContentSniffer.Sniff(docx, "generated.bin"));
    }
}
