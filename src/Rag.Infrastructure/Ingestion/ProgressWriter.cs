using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Core.Ingestion;
using Rag.Infrastructure.Faults;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Ingestion;

/// <summary>Records a document's stage and progress; in-stage updates are throttled so a 400-page PDF
/// does not cost 400 database writes.</summary>
public sealed class ProgressWriter(IDbContextFactory<RagDbContext> contexts, Guid documentId) : IIngestionProgress
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);
    private DateTime _lastWrite = DateTime.MinValue;
    private string _stage = IngestionStage.Queued;

    /// <summary>Enters a stage. Only written at once for the first stage; later ones share the throttle,
    /// so a small document costs one progress write, not one per stage.</summary>
    public Task StageAsync(string stage, int total, CancellationToken cancellationToken)
    {
        _stage = stage;
        return DateTime.UtcNow - _lastWrite < MinimumInterval ? Task.CompletedTask : WriteAsync(0, total, cancellationToken);
    }

    /// <summary>Reports progress from any thread; writes at most every <see cref="MinimumInterval"/>. A write that fails
    /// because the database is down or the disk is full is skipped: the work itself goes on, and its result is
    /// stored (or the fault reported) at the end, rather than the extractor taking the fault for a damaged file.</summary>
    public IProgress<(int Done, int Total)> Reporter(CancellationToken cancellationToken) =>
        new SynchronousProgress(p =>
        {
            if (DateTime.UtcNow - _lastWrite < MinimumInterval) return;
            try
            {
                WriteAsync(p.Done, p.Total, cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception e) when (StorageFaults.Classify(e) is not null)
            {
            }
        });

    private async Task WriteAsync(int done, int total, CancellationToken cancellationToken)
    {
        _lastWrite = DateTime.UtcNow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DocumentStatus.Processing)
            .SetProperty(d => d.Stage, _stage)
            .SetProperty(d => d.ProgressDone, done)
            .SetProperty(d => d.ProgressTotal, total)
            .SetProperty(d => d.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken);
    }

    private sealed class SynchronousProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
