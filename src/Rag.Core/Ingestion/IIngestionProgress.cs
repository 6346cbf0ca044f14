namespace Rag.Core.Ingestion;

/// <summary>Records the stage a document is in (see <see cref="Domain.IngestionStage"/>) and how far it has got.</summary>
public interface IIngestionProgress
{
    /// <summary>Enters <paramref name="stage"/> with <paramref name="total"/> units of work (pages, chunks; 0 if unknown).</summary>
    Task StageAsync(string stage, int total, CancellationToken cancellationToken);

    /// <summary>Reports (done, total) within the current stage, from any thread.</summary>
    IProgress<(int Done, int Total)> Reporter(CancellationToken cancellationToken);
}
