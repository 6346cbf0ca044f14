using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Html;
using Rag.Infrastructure.Extraction.Office;
using Rag.Infrastructure.Extraction.Spreadsheets;

namespace Rag.Infrastructure.Extraction;

public static class ExtractionServiceCollectionExtensions
{
    /// <summary>Every text extractor, found by content type through <see cref="ExtractorRegistry"/>. A new format is one
    /// <see cref="ITextExtractor"/> class plus one line here.</summary>
    public static IServiceCollection AddTextExtractors(this IServiceCollection services, PdfLimits? pdfLimits = null, OfficeLimits? officeLimits = null)
    {
        services.AddSingleton(pdfLimits ?? new PdfLimits());
        services.AddSingleton(officeLimits ?? new OfficeLimits());
        services.AddSingleton<ITextExtractor, PdfTextExtractor>();
        services.AddSingleton<ITextExtractor, MarkdownTextExtractor>();
        services.AddSingleton<ITextExtractor, PlainTextExtractor>();
        services.AddSingleton<ITextExtractor, DocxTextExtractor>();
        services.AddSingleton<ITextExtractor, PptxTextExtractor>();
        services.AddSingleton<ITextExtractor, XlsxTextExtractor>();
        services.AddSingleton<ITextExtractor, CsvTextExtractor>();
        services.AddSingleton<ITextExtractor, HtmlTextExtractor>();
        services.AddSingleton<ITextExtractor, ImageExtractor>();
        services.AddSingleton<ExtractorRegistry>();
        return services;
    }
}
