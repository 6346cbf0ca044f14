using System.Text;
using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Tests.Extraction;

public sealed class PlainTextExtractorTests
{
    private const string Sample = "Grüße, café — 知识库\nsecond line";

    [Fact]
    public void Utf16_little_endian_with_bom_decodes()
    {
        Assert.Equal(Sample, Extract([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Sample)]));
    }

    [Fact]
    public void Utf16_big_endian_with_bom_decodes()
    {
        Assert.Equal(Sample, Extract([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Sample)]));
    }

    [Fact]
    public void Utf16_without_bom_is_recognised_by_its_zero_bytes_in_either_byte_order()
    {
        const string arabicWithSpaces = "قاعدة المعرفة 2024";

        Assert.Equal(Sample, Extract(Encoding.Unicode.GetBytes(Sample)));
        Assert.Equal(Sample, Extract(Encoding.BigEndianUnicode.GetBytes(Sample)));
        Assert.Equal(arabicWithSpaces, Extract(Encoding.Unicode.GetBytes(arabicWithSpaces)));
    }

    [Fact]
    public void Utf8_with_bom_decodes_without_the_bom()
    {
        Assert.Equal(Sample, Extract([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)]));
    }

    [Fact]
    public void Utf8_without_bom_keeps_chinese()
    {
        Assert.Equal("知识库简介：快速访问重点文档。", Extract(Encoding.UTF8.GetBytes("知识库简介：快速访问重点文档。")));
    }

    [Fact]
    public void Latin1_bytes_decode_as_western_text()
    {
        byte[] latin1 = [0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x61, 0xEF, 0x76, 0x65, 0x20, 0xDF, 0xFC];

        Assert.Equal("Café naïve ßü", Extract(latin1));
    }

    [Fact]
    public void Windows_line_endings_become_line_feeds()
    {
        Assert.Equal("one\ntwo\nthree", Extract("one\r\ntwo\rthree"u8.ToArray()));
    }

    [Fact]
    public async Task Text_is_a_single_first_page()
    {
        var document = await new PlainTextExtractor().ExtractAsync(new MemoryStream("hello"u8.ToArray()), null, CancellationToken.None);

        var page = Assert.Single(document.Pages);
        Assert.Equal(1, page.Number);
    }

    private static string Extract(byte[] bytes) =>
        new PlainTextExtractor().ExtractAsync(new MemoryStream(bytes), null, CancellationToken.None).GetAwaiter().GetResult().Pages[0].Text;
}
