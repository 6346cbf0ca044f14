using System.Diagnostics;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Xunit.Abstractions;

namespace Rag.Api.Tests;

/// <summary>Hostile PDFs uploaded to the service running as its own process: each ends failed with a reason (or ready,
/// where the hostile part does no harm), the process's peak memory stays far below what the bombs would take, and the
/// service keeps serving. The figures are written to the test output.</summary>
public sealed class HostilePdfIngestionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-hostile-" + Guid.NewGuid().ToString("N"));
    private const string Page = $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} >>";

    [Fact]
    public async Task Hostile_pdfs_fail_with_reasons_within_bounded_memory_and_the_service_stays_healthy()
    {
        using var service = await ChildProcessService.StartAsync(_dataDirectory, "--Rag:Upload:MaxPages=3");
        var api = service.Client;
        await api.CreateCollectionAsync("hostile");
        var honest = (await api.UploadOkAsync("hostile", ("honest.pdf", HandmadePdf.WithPages("The harbour opens at dawn."))))[0];
        await api.ReadyAsync(honest);
        Report("service with one ordinary PDF ingested", service, null);

        var bomb = await SettleAsync(api, "deflate-bomb.pdf", HandmadePdf.InMemory(p => p
            .Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>")
            .Object(10, $"<< /Type /Page /Parent 2 0 R {HandmadePdf.PageResources} /Contents 11 0 R >>")
            .FlateStream(11, "", HandmadePdf.ShowText("Hello from the bomb"), spaces: 1L << 30)));
        Report("1 GiB deflate bomb (1 MB file)", service, bomb.Elapsed);
        Assert.Equal(("failed", "This PDF cannot be read safely: it contains a compressed stream that expands to more than 64 MB (the limit)."), bomb.Outcome);
        Assert.InRange(service.PeakWorkingSetBytes, 1, 1L << 30); // PdfPig alone holds more than 2.5 GB for this file

        var outcomes = new Dictionary<string, (string Status, string? Error)>();
        foreach (var (name, pdf) in new (string, byte[])[]
                 {
                     ("repeated-kids.pdf", HandmadePdf.InMemory(p => p.Object(10, Page)
                         .Object(2, $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Repeat("10 0 R", 2_000_000))}] /Count 1 >>"))),
                     ("long-loop.pdf", HandmadePdf.InMemory(p =>
                     {
                         p.Object(2, "<< /Type /Pages /Kids [20 0 R] /Count 1 >>");
                         for (var i = 0; i < 1_100; i++) p.Object(20 + i, $"<< /Type /Pages /Kids [{(i + 1 < 1_100 ? 21 + i : 20)} 0 R] >>");
                     })),
                     ("self-loop.pdf", HandmadePdf.InMemory(p => p.Object(10, Page).Object(2, "<< /Type /Pages /Kids [2 0 R 10 0 R] /Count 1 >>"))),
                     ("reference-loop.pdf", HandmadePdf.InMemory(p => p.Object(2, "<< /Type /Pages /Kids [10 0 R] /Count 1 >>").Object(10, "11 0 R").Object(11, "10 0 R"))),
                     ("four-pages.pdf", HandmadePdf.WithPages("one", "two", "three", "four")),
                 })
        {
            var settled = await SettleAsync(api, name, pdf);
            outcomes[name] = settled.Outcome;
            Report(name, service, settled.Elapsed);
        }

        Assert.Equal(("failed", "This PDF has 2,000,000 pages; the limit is 3."), outcomes["repeated-kids.pdf"]);
        Assert.StartsWith("This PDF cannot be read safely: its page tree", outcomes["long-loop.pdf"].Error);
        Assert.Equal(("failed", "This PDF cannot be read safely: its page tree loops back on itself or lists the same branch twice."), outcomes["self-loop.pdf"]);
        Assert.StartsWith("This PDF cannot be read safely: it contains a chain of more than 32 references", outcomes["reference-loop.pdf"].Error);
        Assert.Equal(("failed", "This PDF has 4 pages; the limit is 3."), outcomes["four-pages.pdf"]);
        Assert.InRange(service.PeakWorkingSetBytes, 1, 1L << 30);
        Assert.True((await api.Http.GetAsync("/health/ready")).IsSuccessStatusCode);
        Assert.Equal("honest.pdf", (await api.SearchAsync("hostile", "harbour dawn"))[0]!["fileName"]!.GetValue<string>());
    }

    private static async Task<((string Status, string? Error) Outcome, TimeSpan Elapsed)> SettleAsync(RagClient api, string name, byte[] pdf)
    {
        var stopwatch = Stopwatch.StartNew();
        var document = await api.WaitSettledAsync((await api.UploadOkAsync("hostile", (name, pdf)))[0]);
        return ((document["status"]!.GetValue<string>(), document["error"]?.GetValue<string>()), stopwatch.Elapsed);
    }

    private void Report(string what, ChildProcessService service, TimeSpan? elapsed) =>
        output.WriteLine($"{what}: service peak working set {service.PeakWorkingSetBytes / (1024 * 1024)} MB"
                         + (elapsed is { } e ? $", upload to settled {e.TotalSeconds:0.0} s" : ""));

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
