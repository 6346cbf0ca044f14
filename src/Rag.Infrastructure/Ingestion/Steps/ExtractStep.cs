using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Ingestion;
using Rag.Core.Text;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Ocr;

namespace Rag.Infrastructure.Ingestion.Steps;

/// <summary>Reads the original file's text with the extractor registered for its content type, within the
/// extraction time limit.</summary>
public sealed class ExtractStep(ExtractorRegistry extractors, IngestionOptions options) : IIngestionStep
{
    public string Name => "extract";

    public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
    {
        var extractor = extractors.Find(context.ContentType)
            ?? throw new ExtractionException($"Files of type {context.ContentType} cannot be read yet.");
        await using var stream = await context.OpenOriginal(cancellationToken);

        await context.Progress.StageAsync(IngestionStage.Extracting, 0, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ExtractionTimeout);
        try
        {
            var extracted = Storable(await extractor.ExtractAsync(stream, context.Progress.Reporter(timeout.Token), timeout.Token));
            // Scans and pictures go on to the ocr step, which fails them if it finds no text either.
            if (extracted.Pages.All(p => !p.HasText) && !PageImages.Exist(context.ContentType))
                throw new ExtractionException("The document contains no text.");
            context.Extracted = extracted;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExtractionException($"Reading the document took longer than {options.ExtractionTimeout.TotalMinutes:0.#} minutes and was stopped.");
        }
    }

    internal static ExtractedDocument Storable(ExtractedDocument extracted) =>
        new([.. extracted.Pages.Select(page => page with
        {
            Text = StorableText.Clean(page.Text),
            Sections = page.Sections?.Select(s => s with { Heading = StorableText.Clean(s.Heading) }).ToList(),
        })]);
}
