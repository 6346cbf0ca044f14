using System.Diagnostics;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;
using Rag.Testing.Documents;
using Xunit.Abstractions;

namespace Rag.Infrastructure.Tests.Extraction;

/// <summary>Every real PDF ends in a clear outcome within a time bound; nothing hangs or takes the test host down.</summary>
public sealed class PdfCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(5);

    // Files pdf.js opens that legitimately have no extractable text (images only, empty, or corrupt content streams).
    private static readonly HashSet<string> ExpectedWithoutText =
    [
        "scanned/539_2671-3.pdf",
        "scanned/GHOSTSCRIPT-688999-2.pdf",
        "malformed/EmptyPdf.pdf",
        "encrypted/r4_aes_empty_string.pdf",
    ];

    // Image-only files whose empty pages go on to OCR.
    private static readonly HashSet<string> ScannedForOcr = ["scanned/539_2671-3.pdf", "scanned/GHOSTSCRIPT-688999-2.pdf"];

    public static TheoryData<string> AllPdfs() => new(EvalPdfs.Manifest.Select(e => e.File));

    [Theory]
    [MemberData(nameof(AllPdfs))]
    public async Task Each_pdf_yields_numbered_pages_with_text_or_a_readable_failure(string file)
    {
        var entry = EvalPdfs.Entry(file);
        using var timeout = new CancellationTokenSource(TimeLimit);
        using var content = File.OpenRead(EvalPdfs.PathOf(file));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var document = await new PdfTextExtractor().ExtractAsync(content, null, timeout.Token);
            output.WriteLine($"{file}: ready, {document.Pages.Count} pages ({document.PagesWithoutText} without text), {stopwatch.ElapsedMilliseconds} ms");

            Assert.Equal(Enumerable.Range(1, document.Pages.Count), document.Pages.Select(p => p.Number));
            Assert.True(document.Pages.Any(p => p.HasText) || ScannedForOcr.Contains(file), $"{file} came out without text");
            if (entry is { PdfjsOpened: true, PdfjsPages: int expectedPages })
                Assert.Equal(expectedPages, document.Pages.Count);
        }
        catch (ExtractionException e)
        {
            output.WriteLine($"{file}: failed, \"{e.Message}\", {stopwatch.ElapsedMilliseconds} ms");
            AssertReadable(e.Message);
            Assert.False(entry.PdfjsOpened && !ExpectedWithoutText.Contains(file), $"pdf.js reads {file}, but extraction failed: {e.Message}");
        }
    }

    private static void AssertReadable(string message)
    {
        Assert.InRange(message.Length, 10, 300);
        Assert.True(char.IsUpper(message[0]) && message.EndsWith('.'), $"Not a sentence: {message}");
        Assert.DoesNotContain("Exception", message);
        Assert.DoesNotContain("\n", message);
    }
}
