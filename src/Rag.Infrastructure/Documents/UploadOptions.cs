namespace Rag.Infrastructure.Documents;

public sealed class UploadOptions
{
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
    public int MaxFilesPerRequest { get; set; } = 200;

    /// <summary>Back-pressure: uploads are refused (429) while this many documents already wait for ingestion.</summary>
    public int MaxQueuedDocuments { get; set; } = 10_000;
}
