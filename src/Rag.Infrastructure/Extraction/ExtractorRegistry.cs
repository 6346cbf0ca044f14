using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Html;
using Rag.Infrastructure.Extraction.Office;
using Rag.Infrastructure.Extraction.Spreadsheets;

namespace Rag.Infrastructure.Extraction;

/// <summary>Finds the extractor for a canonical content type (see <see cref="ContentSniffer"/>).</summary>
public sealed class ExtractorRegistry
{
    private readonly Dictionary<string, ITextExtractor> _byContentType = new(StringComparer.OrdinalIgnoreCase);

    public ExtractorRegistry(IEnumerable<ITextExtractor> extractors)
    {
        foreach (var extractor in extractors)
            foreach (var contentType in extractor.ContentTypes)
                _byContentType[contentType] = extractor;
    }

    public static ExtractorRegistry CreateDefault(PdfLimits? pdfLimits = null, OfficeLimits? officeLimits = null)
    {
        var office = officeLimits ?? new OfficeLimits();
        return new([
            new PdfTextExtractor(pdfLimits ?? new PdfLimits()), new MarkdownTextExtractor(), new PlainTextExtractor(),
            new DocxTextExtractor(office), new PptxTextExtractor(office), new XlsxTextExtractor(office), new CsvTextExtractor(office),
            new HtmlTextExtractor(),
        ]);
    }

    /// <summary>Null when the type is recognised but has no extractor yet (e.g. DOCX, HTML) or is unknown.</summary>
    public ITextExtractor? Find(string contentType) => _byContentType.GetValueOrDefault(contentType);
}
