using Rag.Core.Extraction;
using Rag.Infrastructure.Faults;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Ingestion;

/// <summary>Processes queued ingestion jobs with bounded concurrency. Jobs live in the database: a job whose worker
/// died (lease expired) is picked up again, and re-running a document replaces rather than duplicates its chunks.
/// While the database is unreachable the workers back off and wait for it, without using up documents' attempts.</summary>
public sealed class IngestionWorker(
    IngestionJobQueue queue,
    DocumentIngestor ingestor,
    IngestionSignal signal,
    IngestionOptions options,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstOutageBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestOutageBackoff = TimeSpan.FromSeconds(10);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(() => RunLoopAsync(stoppingToken), stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        var outageBackoff = FirstOutageBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await queue.TryClaimNextAsync(options.Lease, stoppingToken);
                outageBackoff = FirstOutageBackoff;
                if (job is null) await signal.WaitAsync(IdlePoll, stoppingToken);
                else await ProcessAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (StorageFaults.Classify(e) == StorageFault.DatabaseUnavailable)
            {
                logger.LogWarning("Database unavailable; ingestion waits {Delay} before trying again: {Reason}", outageBackoff, e.Message);
                await Task.Delay(outageBackoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                outageBackoff = Min(outageBackoff * 2, LongestOutageBackoff);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Ingestion loop error; retrying shortly");
                await Task.Delay(IdlePoll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(Rag.Core.Domain.IngestionJob job, CancellationToken stoppingToken)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keepAlive = KeepLeaseAsync(job, work, renewal.Token);
        try
        {
            await ingestor.IngestAsync(job.DocumentId, work.Token);
            logger.LogInformation("Document {DocumentId} ingested", job.DocumentId);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The lease was lost (it lapsed while the database was unreachable) and another worker has the job now.
        }
        catch (ExtractionException e)
        {
            logger.LogInformation("Document {DocumentId} failed: {Reason}", job.DocumentId, e.Message);
            await ingestor.MarkFailedAsync(job.DocumentId, e.Message, CancellationToken.None);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested && StorageFaults.Classify(e) == StorageFault.DatabaseUnavailable)
        {
            logger.LogWarning("Database unavailable while ingesting document {DocumentId}; it will be redone once the database is back: {Reason}", job.DocumentId, e.Message);
            await renewal.CancelAsync();
            await keepAlive;
            await ReturnWhenDatabaseIsBackAsync(job, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Ingesting document {DocumentId} failed (attempt {Attempt})", job.DocumentId, job.Attempts);
            if (job.Attempts >= options.MaxAttempts)
            {
                await ingestor.MarkFailedAsync(job.DocumentId, $"Processing failed after {job.Attempts} attempts: {Reason(e)}", CancellationToken.None);
                await queue.CompleteAsync(job.Id, CancellationToken.None);
            }
            else await queue.ReleaseAsync(job, RetryDelay(job.Attempts), CancellationToken.None);
        }
        finally
        {
            await renewal.CancelAsync();
            await keepAlive;
        }
    }

    /// <summary>Hands the job back, attempt uncounted, as soon as the database answers again.</summary>
    private async Task ReturnWhenDatabaseIsBackAsync(Rag.Core.Domain.IngestionJob job, CancellationToken stoppingToken)
    {
        for (var backoff = FirstOutageBackoff; !stoppingToken.IsCancellationRequested; backoff = Min(backoff * 2, LongestOutageBackoff))
        {
            try
            {
                await queue.ReturnUncountedAsync(job, stoppingToken);
                return;
            }
            catch (Exception e) when (StorageFaults.Classify(e) == StorageFault.DatabaseUnavailable)
            {
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static string Reason(Exception e) => StorageFaults.Classify(e) == StorageFault.StorageFull
        ? "the server ran out of disk space. Free space, then delete and upload the document again."
        : e.Message;

    private static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(5 * Math.Pow(4, attempts - 1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Renews the job's lease until cancelled; if another worker has taken the job over meanwhile, stops
    /// this worker's run of it (<paramref name="work"/>), so that one document is not ingested twice at once.</summary>
    private async Task KeepLeaseAsync(Rag.Core.Domain.IngestionJob job, CancellationTokenSource work, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Lease / 3);
        while (true)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(cancellationToken)) return;
                if (await queue.RenewLeaseAsync(job, options.Lease, cancellationToken)) continue;
                logger.LogWarning("Job {JobId} was taken over by another worker after its lease lapsed; this worker stops its run", job.Id);
                await work.CancelAsync();
                return;
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (StorageFaults.Classify(e) == StorageFault.DatabaseUnavailable)
            {
                // The work goes on in memory; the lease is renewed at the next tick if the database is back by then.
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not renew the lease of job {JobId}", job.Id);
                return;
            }
        }
    }
}
