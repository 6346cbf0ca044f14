using Rag.Core.Extraction;
using Rag.Infrastructure.Extraction;

namespace Rag.Infrastructure.Tests.Extraction.Formats;

/// <summary>The committed Office and web files (Extraction/Fixtures, see its README), copied next to the tests.</summary>
public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>Reads a file the way ingestion does: sniffed from its bytes, then extracted by the registered extractor.</summary>
    public static async Task<ExtractedDocument> ExtractAsync(byte[] content, string fileName, ExtractorRegistry? registry = null)
    {
        using var stream = new MemoryStream(content);
        var contentType = ContentSniffer.Sniff(stream, fileName) ?? throw new InvalidOperationException($"{fileName} was not recognised.");
        stream.Position = 0;
        var extractor = (registry ?? ExtractorRegistry.CreateDefault()).Find(contentType)!;
        return await Task.Run(() => extractor.Extract(stream, null, CancellationToken.None));
    }
}
