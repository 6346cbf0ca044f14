using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Ingestion;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Ocr;

namespace Rag.Infrastructure.Ingestion.Steps;

/// <summary>Reads the pages extraction left without text (scanned PDF pages, pictures) by OCR, keeping their page
/// numbers; then a document with no text on any page fails with the reason.</summary>
public sealed class OcrStep(OcrOptions options, PdfLimits pdfLimits, OcrPageReader? reader = null) : IIngestionStep
{
    public string Name => "ocr";

    public bool AppliesTo(IngestionContext context) =>
        context.RequireExtracted().PagesWithoutText > 0 && PageImages.Exist(context.ContentType);

    public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
    {
        var extracted = context.RequireExtracted();
        if (reader is not null)
        {
            await context.Progress.StageAsync(IngestionStage.Ocr, extracted.PagesWithoutText, cancellationToken);
            byte[] original;
            await using (var stream = await context.OpenOriginal(cancellationToken))
                original = await StreamBytes.ReadAllAsync(stream, cancellationToken);
            extracted = ExtractStep.Storable(await reader.ReadMissingAsync(extracted, () => OpenImages(original, context.ContentType),
                context.Progress.Reporter(cancellationToken), cancellationToken));
            context.Extracted = extracted;
        }
        if (extracted.Pages.All(p => !p.HasText))
            throw new ExtractionException(reader is null ? "The document has no text layer (its pages are images) and OCR is switched off (Rag:Ocr:Engine=none)."
                : "The document contains no text: OCR found none on its pages.");
    }

    private IPageImages OpenImages(byte[] original, string contentType) =>
        PageImages.Open(original, contentType, pdfLimits, options);
}
