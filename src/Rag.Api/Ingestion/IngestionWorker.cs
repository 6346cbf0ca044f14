using System.Diagnostics;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Infrastructure.Diagnostics;
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
    RagMetrics metrics,
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
                var claimStarted = DateTimeOffset.UtcNow;
                var job = await queue.TryClaimNextAsync(options.Lease, stoppingToken);
                outageBackoff = FirstOutageBackoff;
                if (job is null) await signal.WaitAsync(IdlePoll, stoppingToken);
                else await ProcessAsync(job, claimStarted, stoppingToken);
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

    /// <summary>One job under one "ingest" span (from the claim on, with an "ingest.claim" child), logged in a scope
    /// naming the document, and counted by outcome.</summary>
    private async Task ProcessAsync(IngestionJob job, DateTimeOffset claimStarted, CancellationToken stoppingToken)
    {
        using var activity = StartIngestSpan(job, claimStarted);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["DocumentId"] = job.DocumentId, ["JobId"] = job.Id, ["Attempt"] = job.Attempts });
        var elapsed = () => (DateTimeOffset.UtcNow - claimStarted).TotalSeconds;
        string? collection = null;
        Guid? collectionId = null;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keepAlive = KeepLeaseAsync(job, work, renewal.Token);
        try
        {
            var target = await ingestor.FindAsync(job.DocumentId, work.Token);
            collection = target?.Collection;
            collectionId = target?.Document.CollectionId;
            activity?.SetTag(RagTelemetry.Collection, collection);
            if (target is not null && await ingestor.IngestAsync(target, work.Token) is { } ingested)
            {
                activity?.SetTag(RagTelemetry.Pages, ingested.Pages).SetTag(RagTelemetry.Chunks, ingested.Chunks).SetTag(RagTelemetry.Outcome, "ready");
                RecordOutcome("ready", collection, elapsed(), ingested);
                logger.LogInformation("Document {DocumentId} in {Collection} ready: {Pages} pages, {Chunks} chunks in {ElapsedMs:F0} ms",
                    job.DocumentId, collection, ingested.Pages, ingested.Chunks, elapsed() * 1000);
            }
            else
            {
                activity?.SetTag(RagTelemetry.Outcome, "deleted");
                logger.LogInformation("Document {DocumentId} was deleted before its ingestion finished", job.DocumentId);
            }
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The lease was lost (it lapsed while the database was unreachable) and another worker has the job now.
            activity?.SetTag(RagTelemetry.Outcome, "taken over");
        }
        catch (ExtractionException e)
        {
            Failed(activity, e, collection, elapsed());
            logger.LogWarning("Document {DocumentId} in {Collection} failed: {Reason}", job.DocumentId, collection, e.Message);
            await ingestor.MarkFailedAsync(job.DocumentId, collectionId, e.Message, CancellationToken.None);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested && StorageFaults.Classify(e) == StorageFault.DatabaseUnavailable)
        {
            activity.Fail(e);
            activity?.SetTag(RagTelemetry.Outcome, "database unavailable");
            logger.LogWarning("Database unavailable while ingesting document {DocumentId}; it will be redone once the database is back: {Reason}", job.DocumentId, e.Message);
            await renewal.CancelAsync();
            await keepAlive;
            await ReturnWhenDatabaseIsBackAsync(job, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Ingesting document {DocumentId} failed (attempt {Attempt} of {MaxAttempts})", job.DocumentId, job.Attempts, options.MaxAttempts);
            if (job.Attempts >= options.MaxAttempts)
            {
                var reason = $"Processing failed after {job.Attempts} attempts: {Reason(e)}";
                Failed(activity, e, collection, elapsed());
                logger.LogWarning("Document {DocumentId} in {Collection} failed: {Reason}", job.DocumentId, collection, reason);
                await ingestor.MarkFailedAsync(job.DocumentId, collectionId, reason, CancellationToken.None);
                await queue.CompleteAsync(job.Id, CancellationToken.None);
            }
            else
            {
                var delay = RetryDelay(job.Attempts);
                activity.Fail(e);
                activity?.SetTag(RagTelemetry.Outcome, "retry");
                metrics.IngestionRetries.Add(1, new KeyValuePair<string, object?>(RagTelemetry.Collection, collection));
                logger.LogWarning("Document {DocumentId} will be retried in {RetryDelaySeconds} s (attempt {Attempt} of {MaxAttempts})",
                    job.DocumentId, delay.TotalSeconds, job.Attempts, options.MaxAttempts);
                await queue.ReleaseAsync(job, delay, CancellationToken.None);
            }
        }
        finally
        {
            await renewal.CancelAsync();
            await keepAlive;
        }
    }

    /// <summary>Hands the job back, attempt uncounted, as soon as the database answers again.</summary>
    private async Task ReturnWhenDatabaseIsBackAsync(IngestionJob job, CancellationToken stoppingToken)
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

    private static Activity? StartIngestSpan(IngestionJob job, DateTimeOffset claimStarted)
    {
        var activity = RagTelemetry.Source.StartActivity("ingest", ActivityKind.Internal, parentContext: default, startTime: claimStarted);
        if (activity is null) return null;
        activity.SetTag(RagTelemetry.DocumentId, job.DocumentId).SetTag(RagTelemetry.Attempt, job.Attempts);
        using (var claim = RagTelemetry.Source.StartActivity("ingest.claim", ActivityKind.Internal, activity.Context, startTime: claimStarted))
            claim?.SetTag(RagTelemetry.DocumentId, job.DocumentId);
        return activity;
    }

    private void Failed(Activity? activity, Exception e, string? collection, double seconds)
    {
        activity.Fail(e);
        activity?.SetTag(RagTelemetry.Outcome, "failed");
        RecordOutcome("failed", collection, seconds, ingested: null);
    }

    private void RecordOutcome(string outcome, string? collection, double seconds, IngestedDocument? ingested)
    {
        var tags = new TagList { { RagTelemetry.Outcome, outcome }, { RagTelemetry.Collection, collection } };
        metrics.DocumentsIngested.Add(1, tags);
        metrics.IngestionDuration.Record(seconds, tags);
        if (ingested is null) return;
        var collectionTag = new KeyValuePair<string, object?>(RagTelemetry.Collection, collection);
        metrics.PagesIngested.Add(ingested.Pages, collectionTag);
        metrics.ChunksIngested.Add(ingested.Chunks, collectionTag);
    }

    private static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(5 * Math.Pow(4, attempts - 1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Renews the job's lease until cancelled; if another worker has taken the job over meanwhile, stops
    /// this worker's run of it (<paramref name="work"/>), so that one document is not ingested twice at once.</summary>
    private async Task KeepLeaseAsync(IngestionJob job, CancellationTokenSource work, CancellationToken cancellationToken)
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
