using System.ComponentModel.DataAnnotations;

namespace Rag.Infrastructure.Documents;

public sealed class UploadOptions
{
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxFilesPerRequest { get; set; } = 200;

    /// <summary>A PDF with more pages fails ingestion, decided from its page tree before any page is read.</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5000;

    /// <summary>The most one compressed stream inside a PDF may expand to (bounds decompression bombs).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecodedStreamBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Back-pressure: uploads are refused (429) while this many documents already wait for ingestion.</summary>
    [Range(1, int.MaxValue)]
    public int MaxQueuedDocuments { get; set; } = 10_000;
}
