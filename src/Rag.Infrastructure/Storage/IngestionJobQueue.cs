using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage;

/// <summary>
/// The durable ingestion queue: one job row per document, claimed with a time-limited lease so that a
/// worker that dies leaves its job to be picked up again. Safe across threads and processes sharing a database.
/// </summary>
public sealed class IngestionJobQueue(IDbContextFactory<RagDbContext> contexts, TimeProvider time)
{
    /// <summary>Queues ingestion of a document; returns the document's existing job if it already has one.</summary>
    public async Task<IngestionJob> EnqueueAsync(Guid documentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await FindByDocumentAsync(db, documentId, cancellationToken);
        if (existing is not null)
            return existing;

        var job = new IngestionJob { DocumentId = documentId, CreatedAt = time.GetUtcNow() };
        db.IngestionJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return job;
        }
        catch (DbUpdateException)
        {
            // Lost a race with another enqueue of the same document (unique DocumentId), or the document is gone.
            db.ChangeTracker.Clear();
            return await FindByDocumentAsync(db, documentId, cancellationToken) ?? throw new InvalidOperationException(
                $"Could not queue document {documentId}; does it exist?");
        }
    }

    /// <summary>Within a collection smaller files go first, but a job that has waited this long goes ahead of them
    /// (oldest first), so that a large file is never starved by a stream of small ones.</summary>
    public static readonly TimeSpan SizeOrderLimit = TimeSpan.FromMinutes(2);

    private readonly CollectionTurns _turns = new();

    /// <summary>
    /// Claims the next job that is not leased (or whose lease has lapsed) until now + <paramref name="lease"/>,
    /// counting an attempt. Returns null when there is nothing to do. Fair order: collections take turns (so one
    /// collection's bulk import does not hold up another's single upload), and within the chosen collection the
    /// smallest file goes first unless a job has waited longer than <see cref="SizeOrderLimit"/>.
    /// </summary>
    public async Task<IngestionJob?> TryClaimNextAsync(TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var now = time.GetUtcNow();
            var claimable = db.IngestionJobs.AsNoTracking()
                .Where(j => j.LeasedUntil == null || j.LeasedUntil <= now)
                .Join(db.Documents, j => j.DocumentId, d => d.Id, (j, d) => new { j.Id, j.LeasedUntil, j.CreatedAt, d.CollectionId, d.SizeBytes });
            var collections = await claimable.Select(c => c.CollectionId).Distinct().ToListAsync(cancellationToken);
            if (collections.Count == 0)
                return null;

            var collectionId = _turns.Next(collections);
            var ofCollection = claimable.Where(c => c.CollectionId == collectionId);
            var waitedTooLong = now - SizeOrderLimit;
            var candidate = await ofCollection.Where(c => c.CreatedAt <= waitedTooLong)
                    .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                    .Select(c => new { c.Id, c.LeasedUntil }).FirstOrDefaultAsync(cancellationToken)
                ?? await ofCollection.OrderBy(c => c.SizeBytes).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
                    .Select(c => new { c.Id, c.LeasedUntil }).FirstOrDefaultAsync(cancellationToken);
            if (candidate is null)
                continue; // claimed by another worker meanwhile

            // The update only matches if nobody changed the lease since we read it, so exactly one claimer wins.
            var leasedUntil = LeaseEnd(lease);
            var claimed = await db.IngestionJobs
                .Where(j => j.Id == candidate.Id && j.LeasedUntil == candidate.LeasedUntil)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.LeasedUntil, leasedUntil)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
                return await db.IngestionJobs.AsNoTracking().SingleAsync(j => j.Id == candidate.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Extends the lease of a job this worker holds. Returns false (and leaves the job alone) when the lease was
    /// lost: it lapsed and another worker claimed the job, or the job was completed.
    /// </summary>
    public Task<bool> RenewLeaseAsync(IngestionJob job, TimeSpan lease, CancellationToken cancellationToken = default) =>
        MoveLeaseAsync(job, LeaseEnd(lease), cancellationToken);

    /// <summary>Gives a held job back to be retried no sooner than <paramref name="retryAfter"/> from now.</summary>
    public Task<bool> ReleaseAsync(IngestionJob job, TimeSpan retryAfter, CancellationToken cancellationToken = default) =>
        MoveLeaseAsync(job, LeaseEnd(retryAfter), cancellationToken);

    /// <summary>Gives a held job back at once and takes back the attempt its claim counted, for a failure that was
    /// not the document's fault (the database went away), so that outages do not use up a document's attempts.</summary>
    public Task<bool> ReturnUncountedAsync(IngestionJob job, CancellationToken cancellationToken = default) =>
        MoveLeaseAsync(job, LeaseEnd(TimeSpan.Zero), cancellationToken, attemptChange: -1);

    /// <summary>Removes a finished (or permanently failed) job.</summary>
    public async Task CompleteAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.IngestionJobs.Where(j => j.Id == jobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Jobs not yet completed, whether waiting or being worked on.</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.IngestionJobs.CountAsync(cancellationToken);
    }

    private async Task<bool> MoveLeaseAsync(IngestionJob job, DateTimeOffset leasedUntil, CancellationToken cancellationToken, int attemptChange = 0)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var moved = await db.IngestionJobs
            .Where(j => j.Id == job.Id && j.LeasedUntil == job.LeasedUntil)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LeasedUntil, leasedUntil)
                .SetProperty(j => j.Attempts, j => j.Attempts + attemptChange), cancellationToken);
        if (moved == 0)
            return false;
        job.LeasedUntil = leasedUntil;
        job.Attempts += attemptChange;
        return true;
    }

    /// <summary>
    /// Now plus <paramref name="delay"/>, cut to whole microseconds (PostgreSQL's precision) so that the value a
    /// worker holds equals the stored one and can guard the next lease change.
    /// </summary>
    private DateTimeOffset LeaseEnd(TimeSpan delay)
    {
        var end = time.GetUtcNow() + delay;
        return end.AddTicks(-(end.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }

    private static Task<IngestionJob?> FindByDocumentAsync(RagDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        db.IngestionJobs.AsNoTracking().SingleOrDefaultAsync(j => j.DocumentId == documentId, cancellationToken);
}
