using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Extraction;

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
    [InlineData("notes.md", KnownContentTypes.Markdown)]
    [InlineData("notes.markdown", KnownContentTypes.Markdown)]
    [InlineData("notes.txt", KnownContentTypes.PlainText)]
    [InlineData("notes.text", KnownContentTypes.PlainText)]
    [InlineData("README", KnownContentTypes.PlainText)]
    [InlineData("page.html", KnownContentTypes.Html)]
    [InlineData("data.csv", null)]
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
    public void Zip_is_docx_only_when_named_so()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00];

        Assert.Equal(KnownContentTypes.Docx, ContentSniffer.Sniff(zip, "Report.DOCX"));
        Assert.Null(ContentSniffer.Sniff(zip, "archive.zip"));
    }

    [Fact]
    public void Registry_has_extractors_for_pdf_markdown_and_text_but_not_yet_docx_or_html()
    {
        var registry = new ServiceCollection().AddTextExtractors().BuildServiceProvider().GetRequiredService<ExtractorRegistry>();

        Assert.IsType<PdfTextExtractor>(registry.Find(KnownContentTypes.Pdf));
        Assert.IsType<MarkdownTextExtractor>(registry.Find(KnownContentTypes.Markdown));
        Assert.IsType<PlainTextExtractor>(registry.Find(KnownContentTypes.PlainText));
        Assert.Null(registry.Find(KnownContentTypes.Docx));
        Assert.Null(registry.Find(KnownContentTypes.Html));
    }

    private static byte[] Head(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[ContentSniffer.HeadLength];
        return head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
    }
}
