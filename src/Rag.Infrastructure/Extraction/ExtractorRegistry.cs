using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction;

/// <summary>Finds the extractor for a canonical content type (see <see cref="ContentSniffer"/>) among those registered
/// (see <see cref="ExtractionServiceCollectionExtensions.AddTextExtractors"/>).</summary>
public sealed class ExtractorRegistry
{
    private readonly Dictionary<string, ITextExtractor> _byContentType = new(StringComparer.OrdinalIgnoreCase);

    public ExtractorRegistry(IEnumerable<ITextExtractor> extractors)
    {
        foreach (var extractor in extractors)
            foreach (var contentType in extractor.ContentTypes)
                _byContentType[contentType] = extractor;
    }

    /// <summary>Null when no extractor is registered for the type.</summary>
    public ITextExtractor? Find(string contentType) => _byContentType.GetValueOrDefault(contentType);
}
