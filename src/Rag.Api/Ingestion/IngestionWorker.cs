using Rag.Core.Extraction;
using Rag.Infrastructure.Ingestion;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Ingestion;

/// <summary>Processes queued ingestion jobs with bounded concurrency. Jobs live in the database: a job whose worker
/// died (lease expired) is picked up again, and re-running a document replaces rather than duplicates its chunks.</summary>
public sealed class IngestionWorker(
    IngestionJobQueue queue,
    DocumentIngestor ingestor,
    IngestionSignal signal,
    IngestionOptions options,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(() => RunLoopAsync(stoppingToken), stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await queue.TryClaimNextAsync(options.Lease, stoppingToken);
                if (job is null) await signal.WaitAsync(IdlePoll, stoppingToken);
                else await ProcessAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "Ingestion loop error; retrying shortly");
                await Task.Delay(IdlePoll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(Rag.Core.Domain.IngestionJob job, CancellationToken stoppingToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keepAlive = KeepLeaseAsync(job, renewal.Token);
        try
        {
            await ingestor.IngestAsync(job.DocumentId, stoppingToken);
            logger.LogInformation("Document {DocumentId} ingested", job.DocumentId);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (ExtractionException e)
        {
            logger.LogInformation("Document {DocumentId} failed: {Reason}", job.DocumentId, e.Message);
            await ingestor.MarkFailedAsync(job.DocumentId, e.Message, CancellationToken.None);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Ingesting document {DocumentId} failed (attempt {Attempt})", job.DocumentId, job.Attempts);
            if (job.Attempts >= options.MaxAttempts)
            {
                await ingestor.MarkFailedAsync(job.DocumentId, $"Processing failed after {job.Attempts} attempts: {e.Message}", CancellationToken.None);
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

    private static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(5 * Math.Pow(4, attempts - 1));

    private async Task KeepLeaseAsync(Rag.Core.Domain.IngestionJob job, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await queue.RenewLeaseAsync(job, options.Lease, cancellationToken);
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { logger.LogWarning(e, "Could not renew the lease of job {JobId}", job.Id); }
    }
}
