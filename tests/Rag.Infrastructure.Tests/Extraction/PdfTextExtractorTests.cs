using System.Text.RegularExpressions;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;

namespace Rag.Infrastructure.Tests.Extraction;

public sealed class PdfTextExtractorTests
{
    [Theory]
    [InlineData("encrypted/encrypted-password-is-password.pdf")]
    [InlineData("encrypted/issue6010_1.pdf")]
    public void Password_protected_pdf_fails_saying_so(string file)
    {
        var failure = Assert.Throws<ExtractionException>(() => Extract(file));

        Assert.Contains("password", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Pdf_encrypted_with_empty_user_password_opens()
    {
        var document = Extract("encrypted/iron-ore-q2-q3-2013.pdf");

        Assert.Equal(8, document.Pages.Count);
        Assert.All(document.Pages, page => Assert.True(page.HasText, $"page {page.Number} has no text"));
    }

    [Fact]
    public void Aes_pdf_with_empty_user_password_is_not_reported_as_password_protected()
    {
        // The file opens with the empty password; its only content stream is corrupt.
        var failure = Assert.Throws<ExtractionException>(() => Extract("encrypted/r4_aes_empty_string.pdf"));

        Assert.DoesNotContain("password", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("scanned/539_2671-3.pdf", 1)]
    [InlineData("scanned/GHOSTSCRIPT-688999-2.pdf", 2)]
    public void Scanned_pdf_yields_its_pages_without_text_for_ocr(string file, int pages)
    {
        var document = Extract(file);

        Assert.Equal(Enumerable.Range(1, pages), document.Pages.Select(p => p.Number));
        Assert.Equal(pages, document.PagesWithoutText);
    }

    [Theory]
    [InlineData("malformed/bug1020226.pdf")]
    [InlineData("malformed/stackoverflow_error.pdf")]
    public void Malformed_pdf_fails_as_damaged(string file)
    {
        var failure = Assert.Throws<ExtractionException>(() => Extract(file));

        Assert.StartsWith("The file is damaged or is not a valid PDF", failure.Message);
    }

    [Fact]
    public void Chinese_text_is_extracted_without_spaces_between_characters()
    {
        var document = Extract("non-english/issue12823.pdf");

        Assert.Contains("知识库", document.Pages[0].Text);
    }

    [Fact]
    public void Hebrew_text_reads_right_to_left()
    {
        var text = Extract("non-english/testPdf-1.pdf").Pages[0].Text;

        Assert.Contains("רשות מקרקעי ישראל", text); // Israel Land Authority
        Assert.Contains("(במ\"ר)", text); // "(in m²)": brackets stay mirrored correctly
    }

    [Fact]
    public void Long_manual_yields_every_page_and_reports_progress_for_each()
    {
        var progress = new SynchronousProgress();

        var document = Extract("long-docs/SPARC - v9 Architecture Manual.pdf", progress);

        Assert.Equal(399, document.Pages.Count);
        Assert.Equal(Enumerable.Range(1, 399).Select(done => (done, 399)), progress.Reports);
        Assert.True(document.Pages.Count(p => p.HasText) > 390);
    }

    [Fact]
    public void Two_column_paper_reads_a_wrapped_left_column_sentence_contiguously()
    {
        var text = Extract("papers-multicolumn/ICML03-081.pdf").Pages[0].Text;

        // In the PDF this sentence wraps over four lines of the left column, beside the right column's text.
        var sentence = "Still, it is frequently used for text classification because it is fast and easy to implement.";
        Assert.Contains(sentence, Normalise(text));
    }

    [Fact]
    public void Word_hyphenated_at_a_line_break_is_joined()
    {
        var text = Normalise(Extract("papers-multicolumn/ICML03-081.pdf").Pages[0].Text);

        Assert.Contains("affect the quality", text);
        Assert.DoesNotContain("af- fect", text);
    }

    [Fact]
    public void Typeset_ligatures_become_plain_letters()
    {
        var text = Extract("papers-multicolumn/ICML03-081.pdf").Pages[0].Text;

        Assert.Contains("Text Classifiers", text);
        Assert.DoesNotContain("ﬁ", text);
    }

    [Fact]
    public void Pdf_behind_a_macbinary_header_is_sniffed_and_extracted()
    {
        const string file = "papers-multicolumn/23056.PMC2132516.pdf";
        var head = File.ReadAllBytes(EvalPdfs.PathOf(file)).AsSpan(0, ContentSniffer.HeadLength);

        Assert.Equal(KnownContentTypes.Pdf, ContentSniffer.Sniff(head, "23056.PMC2132516.pdf"));
        var document = Extract(file);
        Assert.Equal(11, document.Pages.Count);
        Assert.All(document.Pages, page => Assert.True(page.HasText, $"page {page.Number} has no text"));
    }

    [Fact]
    public async Task Pdf_arriving_as_a_forward_only_stream_extracts()
    {
        var bytes = File.ReadAllBytes(EvalPdfs.PathOf("tables-forms/data.pdf"));

        var document = await new PdfTextExtractor().ExtractAsync(new ForwardOnlyStream(bytes), null, CancellationToken.None);

        Assert.Equal(3, document.Pages.Count);
        Assert.Contains("Mazda RX4", document.Pages[0].Text);
    }

    [Fact]
    public async Task Cancellation_stops_extraction()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var content = File.OpenRead(EvalPdfs.PathOf("long-docs/SPARC - v9 Architecture Manual.pdf"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PdfTextExtractor().ExtractAsync(content, null, cancelled.Token));
    }

    private static ExtractedDocument Extract(string file, IProgress<(int Done, int Total)>? progress = null)
    {
        using var content = File.OpenRead(EvalPdfs.PathOf(file));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return new PdfTextExtractor().ExtractAsync(content, progress, timeout.Token).GetAwaiter().GetResult();
    }

    private static string Normalise(string whitespace) => Regex.Replace(whitespace, @"\s+", " ");

    /// <summary>Like an HTTP request body: readable once, not seekable.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed class SynchronousProgress : IProgress<(int Done, int Total)>
    {
        public List<(int, int)> Reports { get; } = [];
        public void Report((int Done, int Total) value) => Reports.Add(value);
    }
}
