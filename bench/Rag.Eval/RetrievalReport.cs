using Rag.Eval.Metrics;

namespace Rag.Eval;

public sealed record RetrievalReport(RetrievalScores Scores, int DocumentCount, int FailedDocuments, double IngestSeconds, double QuerySeconds)
{
    /// <summary>Timings first; the metrics line comes last so that scripts can read it with <c>tail -1</c>.</summary>
    public IEnumerable<string> Lines(RetrievalOptions options)
    {
        yield return FormattableString.Invariant(
            $"ingest: {DocumentCount} documents in {IngestSeconds:0.0} s ({DocumentCount / IngestSeconds:0.0} documents/s), {FailedDocuments} failed");
        yield return FormattableString.Invariant(
            $"queries: {Scores.QueryCount} in {QuerySeconds:0.00} s ({Scores.QueryCount / QuerySeconds:0.0} queries/s), mode {options.Mode}, top {options.Top}");
        yield return Scores.ToString();
    }
}
