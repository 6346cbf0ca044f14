using Rag.Eval.Metrics;

namespace Rag.Eval;

/// <summary>The scores of one mode (or one client-side fused weight) and how long each of its searches took, ascending.</summary>
public sealed record ModeResult(string Label, RetrievalScores Scores, IReadOnlyList<double> SearchMilliseconds)
{
    public double QuerySeconds => SearchMilliseconds.Sum() / 1000;

    public string MetricsLine => $"mode={Label} {Scores}";
}

/// <param name="Modes">One result per --mode, in the order given.</param>
/// <param name="Fused">One client-side hybrid result per --vector-weights weight.</param>
/// <param name="VectorSkipped">Hybrid queries the service answered without the vector leg.</param>
public sealed record RetrievalReport(
    IReadOnlyList<ModeResult> Modes,
    IReadOnlyList<ModeResult> Fused,
    int DocumentCount,
    int FailedDocuments,
    double IngestSeconds,
    int Top,
    int VectorSkipped = 0,
    string? SkipReason = null)
{
    /// <summary>Timings first, then the fused weights' metrics lines, then one metrics line per mode, so that the last line
    /// is the last mode's and scripts can read it with <c>tail -1</c>.</summary>
    public IEnumerable<string> Lines()
    {
        yield return FormattableString.Invariant(
            $"ingest: {DocumentCount} documents in {IngestSeconds:0.0} s ({DocumentCount / IngestSeconds:0.0} documents/s), {FailedDocuments} failed");
        foreach (var mode in Modes)
            yield return FormattableString.Invariant(
                $"queries: {mode.Scores.QueryCount} in {mode.QuerySeconds:0.00} s ({mode.Scores.QueryCount / mode.QuerySeconds:0.0} queries/s), mode {mode.Label}, top {Top}, search p50 {Percentiles.Of(mode.SearchMilliseconds, 0.50):0.0} ms, p99 {Percentiles.Of(mode.SearchMilliseconds, 0.99):0.0} ms");
        if (VectorSkipped > 0)
            yield return $"hybrid: vector leg left out for {VectorSkipped} queries ({SkipReason ?? "no reason given"})";
        foreach (var fused in Fused)
            yield return fused.MetricsLine;
        foreach (var mode in Modes)
            yield return mode.MetricsLine;
    }
}
