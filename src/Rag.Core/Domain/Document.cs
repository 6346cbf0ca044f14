namespace Rag.Core.Domain;

public enum DocumentStatus { Queued, Processing, Ready, Failed }

/// <summary>An uploaded file and where its ingestion stands.</summary>
public sealed class Document
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CollectionId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the original bytes; the file store addresses originals by it.</summary>
    public required string ContentHash { get; set; }

    public DocumentStatus Status { get; set; } = DocumentStatus.Queued;
    public string Stage { get; set; } = IngestionStage.Queued;
    public int ProgressDone { get; set; }
    public int ProgressTotal { get; set; }
    public int PageCount { get; set; }
    public int ChunkCount { get; set; }

    /// <summary>Why ingestion failed, written for a person; null unless <see cref="Status"/> is Failed.</summary>
    public string? Error { get; set; }

    /// <summary>Pages that had no extractable text (image-only pages need OCR, which is not supported yet).</summary>
    public int PagesWithoutText { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public static class IngestionStage
{
    public const string Queued = "queued";
    public const string Extracting = "extracting";
    public const string Ocr = "ocr";
    public const string Chunking = "chunking";
    public const string Embedding = "embedding";
    public const string Indexing = "indexing";
    public const string Done = "done";
    public const string Failed = "failed";
}
