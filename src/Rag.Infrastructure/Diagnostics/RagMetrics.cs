using System.Diagnostics.Metrics;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Diagnostics;

/// <summary>The service's metrics, on the meter "Rag" (created through the host's <see cref="IMeterFactory"/>, so each
/// service instance has its own). Durations are in seconds, as OpenTelemetry's conventions ask.</summary>
public sealed class RagMetrics
{
    public RagMetrics(IMeterFactory meters, IngestionJobQueue queue)
    {
        var meter = meters.Create(RagTelemetry.Name);
        DocumentsIngested = meter.CreateCounter<long>("rag.ingestion.documents", "{document}", "Documents whose ingestion ended, by outcome (ready, failed).");
        IngestionDuration = meter.CreateHistogram<double>("rag.ingestion.duration", "s", "Time to ingest one document, from job claim to outcome.");
        PagesIngested = meter.CreateCounter<long>("rag.ingestion.pages", "{page}", "Pages extracted from ingested documents.");
        ChunksIngested = meter.CreateCounter<long>("rag.ingestion.chunks", "{chunk}", "Chunks indexed from ingested documents.");
        IngestionRetries = meter.CreateCounter<long>("rag.ingestion.retries", "{job}", "Ingestion jobs given back to be retried after an unexpected error.");
        AskDuration = meter.CreateHistogram<double>("rag.ask.duration", "s", "Time to answer a question, from request to verified answer.");
        SearchDuration = meter.CreateHistogram<double>("rag.search.duration", "s", "Time to retrieve chunks for a query (search, and the retrieval step of ask).");
        TimeToFirstToken = meter.CreateHistogram<double>("rag.llm.time_to_first_token", "s", "Time from sending the prompt to the LLM until its first text arrives.");
        TokensGenerated = meter.CreateCounter<long>("rag.llm.output_tokens", "{token}", "Tokens the LLM generated for answers.");
        Throttled = meter.CreateCounter<long>("rag.requests.throttled", "{request}", "Requests refused with 429 Too Many Requests, by reason.");
        meter.CreateObservableGauge("rag.ingestion.queue.depth", () => queue.CountPendingAsync().GetAwaiter().GetResult(),
            "{job}", "Ingestion jobs not yet completed (waiting or being processed).");
    }

    public Counter<long> DocumentsIngested { get; }
    public Histogram<double> IngestionDuration { get; }
    public Counter<long> PagesIngested { get; }
    public Counter<long> ChunksIngested { get; }
    public Counter<long> IngestionRetries { get; }
    public Histogram<double> AskDuration { get; }
    public Histogram<double> SearchDuration { get; }
    public Histogram<double> TimeToFirstToken { get; }
    public Counter<long> TokensGenerated { get; }
    public Counter<long> Throttled { get; }
}
