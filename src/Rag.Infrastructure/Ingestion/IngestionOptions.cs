using System.ComponentModel.DataAnnotations;

namespace Rag.Infrastructure.Ingestion;

public sealed class IngestionOptions
{
    /// <summary>Documents processed at the same time; enough of them must be in flight to fill the encoder's batches.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 32;

    /// <summary>Most padded tokens (passages × longest) in one encoder call; calls are filled with the passages of all
    /// documents being ingested, sorted by length.</summary>
    [Range(16, 1_000_000)]
    public int EmbedBatchTokens { get; set; } = 1024;

    /// <summary>How long passages wait for other documents' passages when the encoder is idle and the batch is not full.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan EmbedBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A document taking longer than this to extract fails instead of holding a worker forever.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExtractionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a worker's claim on a job lasts without renewal; a killed worker's job is resumed after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unexpected errors are retried this many times before the document is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;
}
