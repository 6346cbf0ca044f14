using System.Globalization;

namespace Rag.Load;

/// <summary>What a load run measured and found. <see cref="Lines"/> ends with one machine-readable line.</summary>
public sealed record LoadReport(
    TimeSpan Elapsed,
    OperationStats Search,
    OperationStats Ask,
    OperationStats Upload,
    int SeedDocuments,
    double SeedDocsPerSecond,
    int UploadedDocuments,
    double IngestDocsPerSecond,
    OperationStats IngestionTimes,
    int Ready,
    int Failed,
    int Accepted,
    int Listed,
    int Counted,
    IReadOnlyList<string> LostDocuments,
    IReadOnlyList<string> ErrorExamples,
    double LoadAverageMax)
{
    public int Errors => Search.Errors + Ask.Errors + Upload.Errors;
    public bool CountsMatch => Accepted == Listed && Listed == Counted;
    public bool Passed => Errors == 0 && LostDocuments.Count == 0 && CountsMatch;

    public IEnumerable<string> Lines()
    {
        foreach (var op in new[] { Search, Ask })
            yield return F($"{op.Name}: {op.Succeeded} ok, {Rate(op):F1} req/s, p50 {op.PercentileMs(50):F1} ms, p99 {op.PercentileMs(99):F1} ms, {op.Throttled} throttled (429), {op.Errors} errors");
        yield return F($"upload: {Upload.Succeeded} batches accepted ({UploadedDocuments} documents), {Upload.Throttled} refused with 429 and retried after Retry-After, {Upload.Errors} errors");
        yield return F($"ingestion: seed {SeedDocuments} documents at {SeedDocsPerSecond:F1} docs/s idle; {UploadedDocuments} documents under load at {IngestDocsPerSecond:F1} docs/s (until drained), upload to settled p50 {IngestionTimes.PercentileMs(50) / 1000:F1} s, p99 {IngestionTimes.PercentileMs(99) / 1000:F1} s");
        yield return F($"documents: {Accepted} accepted, {Listed} listed, {Counted} counted; {Ready} ready, {Failed} failed with a reason, {LostDocuments.Count} lost or stuck");
        foreach (var lost in LostDocuments.Take(10)) yield return "  lost: " + lost;
        foreach (var error in ErrorExamples.Take(10)) yield return "  error: " + error;
        yield return F($"load average (1 min) during the run: max {LoadAverageMax:F2}");
        yield return F($"load_search_rps={Rate(Search):F1} load_search_p50_ms={Search.PercentileMs(50):F1} load_search_p99_ms={Search.PercentileMs(99):F1} ") +
                     F($"load_ask_rps={Rate(Ask):F1} load_ask_p50_ms={Ask.PercentileMs(50):F1} load_ask_p99_ms={Ask.PercentileMs(99):F1} ") +
                     F($"load_upload_429={Upload.Throttled} load_ingest_docs_per_s={IngestDocsPerSecond:F1} load_ingest_p50_s={IngestionTimes.PercentileMs(50) / 1000:F1} load_ingest_p99_s={IngestionTimes.PercentileMs(99) / 1000:F1} load_errors={Errors} load_lost_documents={LostDocuments.Count}");
    }

    private double Rate(OperationStats op) => op.Succeeded / Elapsed.TotalSeconds;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
