namespace Rag.Infrastructure.Documents;

public sealed class UploadOptions
{
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
    public int MaxFilesPerRequest { get; set; } = 200;

    /// <summary>A PDF with more pages fails ingestion, decided from its page tree before any page is read.</summary>
    public int MaxPages { get; set; } = 5000;

    /// <summary>The most one compressed stream inside a PDF may expand to (bounds decompression bombs).</summary>
    public long MaxDecodedStreamBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Back-pressure: uploads are refused (429) while this many documents already wait for ingestion.</summary>
    public int MaxQueuedDocuments { get; set; } = 10_000;
}
