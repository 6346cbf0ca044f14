using Rag.Load;

namespace Rag.Bench.Tests.Load;

/// <summary>The load command (bench/Rag.Load) for a few seconds with two clients: the real service in this process,
/// searches, questions and uploads against a small ingestion queue, then the drain and the bookkeeping check.</summary>
public sealed class LoadSmokeTests
{
    [Fact]
    public async Task A_short_load_run_has_no_errors_and_loses_no_document()
    {
        var options = LoadOptions.Parse(["--duration", "4", "--clients", "2", "--seed-documents", "8", "--max-queued", "4", "--upload-batch", "2"]);
        var progress = new StringWriter();

        var report = await LoadRun.RunAsync(options, progress);

        var summary = string.Join('\n', report.Lines());
        Assert.True(report.Errors == 0, summary);
        Assert.True(report.LostDocuments.Count == 0, summary);
        Assert.True(report.CountsMatch, summary);
        Assert.True(report.Search.Succeeded > 0 && report.Ask.Succeeded > 0, summary);
        Assert.True(report.Accepted >= 8, summary);
        Assert.Equal(report.Accepted, report.Ready + report.Failed);
        Assert.Matches(@"^load_search_rps=\S+ .* load_errors=0 load_lost_documents=0$", report.Lines().Last());
        Assert.True(report.Passed, summary);
    }
}
