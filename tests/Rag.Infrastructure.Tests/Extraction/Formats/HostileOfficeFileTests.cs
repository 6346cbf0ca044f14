using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Office;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

/// <summary>Broken and hostile Office files each fail with a reason a person can act on, without reading the bomb.</summary>
public sealed class HostileOfficeFileTests
{
    [Fact]
    public async Task Zip_bomb_is_refused_by_its_compression_ratio_after_reading_little()
    {
        var bomb = OfficeZip.DocxBomb(spaces: 256L << 20);
        Assert.InRange(bomb.Length, 1, 1 << 20);

        var error = await Assert.ThrowsAsync<ExtractionException>(() => FormatExtraction.ExtractAsync(bomb, "bomb.docx"));

        Assert.Equal("This Word document cannot be read safely: its part word/document.xml expands more than 100 times (a zip bomb).", error.Message);
    }

    [Fact]
    public async Task Part_larger_than_the_limit_is_refused_whatever_its_ratio()
    {
        var registry = FormatExtraction.Registry(new OfficeLimits(MaxPartBytes: 8L << 20, MaxCompressionRatio: 100_000));

        var error = await Assert.ThrowsAsync<ExtractionException>(() => FormatExtraction.ExtractAsync(OfficeZip.DocxBomb(spaces: 64L << 20), "big.docx", registry));

        Assert.Equal("This Word document cannot be read safely: its part word/document.xml expands to more than 8 MB (the limit).", error.Message);
    }

    [Fact]
    public async Task Entity_expansion_in_a_part_is_refused()
    {
        var laughs = """<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>"""
                     + OfficeZip.WordBody(OfficeZip.WordParagraph("&lol9;")).Split("?>", 2)[1];

        var error = await Assert.ThrowsAsync<ExtractionException>(() => FormatExtraction.ExtractAsync(OfficeZip.Docx(laughs), "laughs.docx"));

        Assert.Equal("This Word document is damaged or not valid: it declares a DTD, which is not allowed (entity expansion).", error.Message);
    }

    [Fact]
    public async Task Truncated_package_named_docx_fails_as_damaged()
    {
        var report = FixtureFiles.Bytes("report.docx");

        var error = await Assert.ThrowsAsync<ExtractionException>(() => FormatExtraction.ExtractAsync(report[..(report.Length / 2)], "report.docx"));

        Assert.StartsWith("This Word document is damaged or not valid: ", error.Message);
    }

    [Fact]
    public async Task Pdf_handed_to_the_word_reader_is_refused_as_not_a_word_document()
    {
        var pdf = HandmadePdf.WithPages("Hello");

        var error = await Assert.ThrowsAsync<ExtractionException>(() =>
            new DocxTextExtractor(new OfficeLimits()).ExtractAsync(new MemoryStream(pdf), null, CancellationToken.None));

        Assert.Equal("This file is not a Word document: it is not an Office Open XML (zip) package.", error.Message);
        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(new MemoryStream(pdf), "report.docx"));
    }

    [Fact]
    public async Task Word_document_without_any_text_is_a_page_without_text()
    {
        var document = await FormatExtraction.ExtractAsync(OfficeZip.Docx(OfficeZip.WordBody("")), "empty.docx");

        Assert.Equal(1, document.PagesWithoutText);
    }
}
