namespace Rag.Core.Domain;

/// <summary>A durable unit of ingestion work. Lives in the database so a restart resumes it.</summary>
public sealed class IngestionJob
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid DocumentId { get; set; }
    public int Attempts { get; set; }

    /// <summary>While a worker holds the job, the time its claim expires; a crashed worker's claim lapses.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
