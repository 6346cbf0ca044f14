using System.ComponentModel.DataAnnotations;

namespace Rag.Infrastructure.Ingestion;

public sealed class IngestionOptions
{
    /// <summary>Documents processed at the same time.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 2;

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
