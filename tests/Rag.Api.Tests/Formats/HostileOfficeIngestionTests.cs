using System.Diagnostics;
using System.Text;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Xunit.Abstractions;

namespace Rag.Api.Tests.Formats;

/// <summary>Hostile and broken Office and CSV files uploaded to the service running as its own process: each ends
/// failed with its reason, a PDF named .docx is read as the PDF it is, the process's peak memory stays far below what
/// the bomb would take, and the service keeps serving.</summary>
public sealed class HostileOfficeIngestionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-hostile-office-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Hostile_office_files_fail_with_reasons_within_bounded_memory()
    {
        using var service = await ChildProcessService.StartAsync(_dataDirectory, "--Rag:Upload:MaxSpreadsheetCells=1000");
        var api = service.Client;
        await api.CreateCollectionAsync("hostile");
        var bomb = OfficeZip.DocxBomb(spaces: 1L << 30);
        var deck = FixtureFiles.Bytes("deck.pptx");

        var outcomes = new Dictionary<string, (string Status, string? Error)>();
        foreach (var (name, content) in new (string, byte[])[]
                 {
                     ("bomb.docx", bomb),
                     ("laughs.docx", OfficeZip.Docx("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                                    + OfficeZip.WordBody(OfficeZip.WordParagraph("&b;")).Split("?>", 2)[1])),
                     ("truncated.pptx", deck[..(deck.Length / 2)]),
                     ("huge.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,2,3,4,5\n", 1_000)))),
                     ("really-a-pdf.docx", HandmadePdf.WithPages("The lighthouse keeper logs every ship.")),
                 })
        {
            var stopwatch = Stopwatch.StartNew();
            var document = await api.WaitSettledAsync((await api.UploadOkAsync("hostile", (name, content)))[0]);
            outcomes[name] = (document["status"]!.GetValue<string>(), document["error"]?.GetValue<string>());
            output.WriteLine($"{name} ({content.Length:N0} bytes): {outcomes[name]} in {stopwatch.Elapsed.TotalSeconds:0.0} s; service peak working set {service.PeakWorkingSetBytes >> 20} MB");
        }

        Assert.Equal(("failed", "This Word document cannot be read safely: its part word/document.xml expands to more than 64 MB (the limit)."), outcomes["bomb.docx"]);
        Assert.Equal(("failed", "This Word document is damaged or not valid: it declares a DTD, which is not allowed (entity expansion)."), outcomes["laughs.docx"]);
        Assert.Equal("failed", outcomes["truncated.pptx"].Status);
        Assert.StartsWith("This PowerPoint presentation is damaged or not valid: ", outcomes["truncated.pptx"].Error);
        Assert.Equal(("failed", "This CSV file has more than 1,000 cells (the limit); split it into smaller files."), outcomes["huge.csv"]);
        Assert.Equal("ready", outcomes["really-a-pdf.docx"].Status);
        Assert.InRange(service.PeakWorkingSetBytes, 1, 1L << 30);
        Assert.Equal("really-a-pdf.docx", (await api.SearchAsync("hostile", "lighthouse keeper"))[0]!["fileName"]!.GetValue<string>());
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
