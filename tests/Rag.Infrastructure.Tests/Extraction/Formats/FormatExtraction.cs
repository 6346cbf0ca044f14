using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction.Office;
using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

public static class FormatExtraction
{
    /// <summary>Reads a file the way ingestion does: sniffed from its bytes, then extracted by the registered extractor.</summary>
    public static async Task<ExtractedDocument> ExtractAsync(byte[] content, string fileName, ExtractorRegistry? registry = null)
    {
        using var stream = new MemoryStream(content);
        var contentType = ContentSniffer.Sniff(stream, fileName) ?? throw new InvalidOperationException($"{fileName} was not recognised.");
        stream.Position = 0;
        return await (registry ?? Registry()).Find(contentType)!.ExtractAsync(stream, null, CancellationToken.None);
    }

    /// <summary>The extractors as the service registers them, with the given limits.</summary>
    public static ExtractorRegistry Registry(OfficeLimits? limits = null) =>
        new ServiceCollection().AddTextExtractors(officeLimits: limits).BuildServiceProvider().GetRequiredService<ExtractorRegistry>();
}
