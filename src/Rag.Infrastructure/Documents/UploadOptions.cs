namespace Rag.Infrastructure.Documents;

public sealed class UploadOptions
{
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
    public int MaxFilesPerRequest { get; set; } = 200;
}
