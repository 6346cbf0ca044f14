using System.Globalization;
using Rag.Core.Extraction;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>Gives the pages of a document that have no text the text OCR reads on their image, keeping their page
/// numbers. Bounded by <see cref="OcrOptions"/>: pages per document, pixels per page, time per page; pages of all
/// documents share <paramref name="concurrency"/> slots, so the engine is not oversubscribed. The engine is
/// created on first use (loading models costs time and memory a service without scans need not pay).</summary>
public sealed class OcrPageReader(Lazy<IOcrEngine> engine, OcrOptions options, int concurrency)
{
    private readonly SemaphoreSlim _slots = new(concurrency);

    public async Task<ExtractedDocument> ReadMissingAsync(ExtractedDocument document, Func<IPageImages> openImages,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var missing = document.Pages.Where(p => !p.HasText).Select(p => p.Number).ToList();
        if (missing.Count == 0) return document;
        if (missing.Count > options.MaxPages)
            throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                $"{missing.Count:N0} pages have no text layer; OCR reads at most {options.MaxPages:N0} pages of one document (Rag:Ocr:MaxPages)."));

        using var images = openImages();
        var texts = new Dictionary<int, string>();
        progress?.Report((0, missing.Count));
        foreach (var number in missing)
        {
            texts[number] = await ReadPageAsync(images, number, cancellationToken);
            progress?.Report((texts.Count, missing.Count));
        }
        return new ExtractedDocument([.. document.Pages.Select(p => texts.TryGetValue(p.Number, out var text) ? p with { Text = text } : p)]);
    }

    private async Task<string> ReadPageAsync(IPageImages images, int number, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PageTimeout);
        try
        {
            var image = await images.ReadAsync(number, timeout.Token);
            return await Engine().ReadAsync(image, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                $"Reading page {number} by OCR took longer than {options.PageTimeout.TotalSeconds:0.#} s and was stopped (Rag:Ocr:PageTimeout)."));
        }
        catch (ExtractionException e)
        {
            throw new ExtractionException($"Page {number}: {e.Message}", e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private IOcrEngine Engine()
    {
        try
        {
            return engine.Value;
        }
        catch (Exception e) when (e is not ExtractionException)
        {
            throw new ExtractionException($"OCR cannot run: {e.Message}", e);
        }
    }
}
