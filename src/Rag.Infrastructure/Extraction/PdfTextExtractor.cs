using System.Globalization;
using Rag.Core.Extraction;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Rag.Infrastructure.Extraction;

/// <summary>Extracts PDF text page by page with PdfPig, in reading order (multi-column layouts read column by column).
/// Hostile files are refused within <paramref name="limits"/> before they can exhaust memory, time or the stack.</summary>
public sealed class PdfTextExtractor(PdfLimits limits) : ITextExtractor
{
    public PdfTextExtractor() : this(new PdfLimits()) { }

    // Parsing recurses through nested PDF objects; a stack overflow would kill the whole process, so give it room.
    private const int ParserStackSize = 256 * 1024 * 1024;

    public IReadOnlyCollection<string> ContentTypes { get; } = [KnownContentTypes.Pdf];

    public async Task<ExtractedDocument> ExtractAsync(Stream content, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        // PdfPig reads a seekable stream lazily; only the structure check holds the whole file, and only while it scans.
        var pdf = content.CanSeek ? content : new MemoryStream(await StreamBytes.ReadAllAsync(content, cancellationToken));
        return await DedicatedThread.RunAsync(() => ExtractSafely(pdf, progress, cancellationToken), ParserStackSize, "pdf-extraction", cancellationToken);
    }

    private ExtractedDocument ExtractSafely(Stream pdf, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        try
        {
            CheckStructure(pdf);
            return ExtractPages(pdf, progress, cancellationToken);
        }
        catch (Exception e) when (e is PdfStructureException or PdfStreamTooLargeException)
        {
            throw new ExtractionException($"This PDF cannot be read safely: {e.Message}.", e);
        }
        catch (Exception e) when (e is not (ExtractionException or OperationCanceledException))
        {
            throw Damaged(e.Message, e);
        }
    }

    /// <summary>Refuses hostile page trees and too many pages from a quick scan of the bytes, before PdfPig opens them.</summary>
    private void CheckStructure(Stream pdf)
    {
        var bytes = StreamBytes.ReadAll(pdf);
        pdf.Position = 0;
        if (PdfStructureCheck.CountPages(PdfObjectScan.Read(bytes, limits.MaxDecodedStreamBytes)) is { } pages)
            CheckPageCount(pages);
    }

    private void CheckPageCount(long pages)
    {
        if (pages > limits.MaxPages)
            throw new ExtractionException(string.Create(CultureInfo.InvariantCulture, $"This PDF has {pages:N0} pages; the limit is {limits.MaxPages:N0}."));
    }

    private ExtractedDocument ExtractPages(Stream pdf, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        using var document = Open(pdf);
        var total = document.NumberOfPages;
        if (total == 0)
            throw Damaged("it has no pages.");
        CheckPageCount(total);

        var pages = new List<ExtractedPage>(total);
        var unreadablePages = 0;
        var anyImageOnlyPage = false;
        for (var number = 1; number <= total; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = ReadPage(document, number);
            if (page is null)
                unreadablePages++;
            pages.Add(new ExtractedPage(number, page?.Text ?? ""));
            anyImageOnlyPage |= page is { IsImageOnly: true };
            progress?.Report((number, total));
        }

        // Scanned pages stay empty here; the ocr step reads them.
        if (pages.Any(p => p.HasText) || anyImageOnlyPage && unreadablePages == 0)
            return new ExtractedDocument(pages);
        if (unreadablePages == total)
            throw Damaged(total == 1 ? "its page could not be read." : $"none of its {total} pages could be read.");
        if (unreadablePages > 0)
            throw Damaged($"{unreadablePages} of its {total} pages could not be read and the rest contain no text.");
        throw new ExtractionException("This PDF contains no text.");
    }

    private PdfDocument Open(Stream pdf)
    {
        try
        {
            var options = new ParsingOptions
            {
                UseLenientParsing = true,
                SkipMissingFonts = true,
                FilterProvider = new BoundedFilterProvider(limits.MaxDecodedStreamBytes),
            };
            return PdfDocument.Open(pdf, options);
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new ExtractionException("This PDF is password protected; remove the password and upload it again.", e);
        }
    }

    private sealed record PageContent(string Text, bool IsImageOnly);

    /// <summary>Null when the page itself cannot be parsed; the other pages may still be fine.</summary>
    private static PageContent? ReadPage(PdfDocument document, int number)
    {
        try
        {
            var page = document.GetPage(number);
            var text = PdfPageText.Read(page);
            return new PageContent(text, IsImageOnly: text.Length == 0 && page.NumberOfImages > 0);
        }
        catch (Exception e) when (e is not (OperationCanceledException or PdfStreamTooLargeException))
        {
            if (e.InnerException is PdfStreamTooLargeException tooLarge) throw tooLarge;
            return null;
        }
    }

    /// <summary>The parser's own explanation is technical, so only its first sentence is passed on.</summary>
    private static ExtractionException Damaged(string detail, Exception? inner = null)
    {
        const int MaxDetailLength = 160;
        var firstSentenceEnd = detail.IndexOf(". ", StringComparison.Ordinal);
        detail = (firstSentenceEnd > 0 ? detail[..firstSentenceEnd] : detail).Trim().TrimEnd('.');
        if (detail.Length > MaxDetailLength)
            detail = detail[..MaxDetailLength] + "…";
        return new ExtractionException($"The file is damaged or is not a valid PDF: {detail}.", inner);
    }
}
