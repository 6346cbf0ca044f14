using System.Diagnostics;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Infrastructure.Diagnostics;
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
    RagMetrics metrics,
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
                var claimStarted = DateTimeOffset.UtcNow;
                var job = await queue.TryClaimNextAsync(options.Lease, stoppingToken);
                if (job is null) await signal.WaitAsync(IdlePoll, stoppingToken);
                else await ProcessAsync(job, claimStarted, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
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
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keepAlive = KeepLeaseAsync(job, renewal.Token);
        try
        {
            var target = await ingestor.FindAsync(job.DocumentId, stoppingToken);
            collection = target?.Collection;
            activity?.SetTag(RagTelemetry.Collection, collection);
            if (target is not null && await ingestor.IngestAsync(target, stoppingToken) is { } ingested)
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
        catch (ExtractionException e)
        {
            Failed(activity, e, collection, elapsed());
            logger.LogWarning("Document {DocumentId} in {Collection} failed: {Reason}", job.DocumentId, collection, e.Message);
            await ingestor.MarkFailedAsync(job.DocumentId, e.Message, CancellationToken.None);
            await queue.CompleteAsync(job.Id, CancellationToken.None);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Ingesting document {DocumentId} failed (attempt {Attempt} of {MaxAttempts})", job.DocumentId, job.Attempts, options.MaxAttempts);
            if (job.Attempts >= options.MaxAttempts)
            {
                var reason = $"Processing failed after {job.Attempts} attempts: {e.Message}";
                Failed(activity, e, collection, elapsed());
                logger.LogWarning("Document {DocumentId} in {Collection} failed: {Reason}", job.DocumentId, collection, reason);
                await ingestor.MarkFailedAsync(job.DocumentId, reason, CancellationToken.None);
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

    private async Task KeepLeaseAsync(IngestionJob job, CancellationToken cancellationToken)
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
