using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>Every real-world PDF of ../shared/eval/pdfs, uploaded through the API, ends ready with page-numbered
/// chunks or failed with a readable reason, within bounded time, and the service stays healthy throughout.</summary>
public sealed class EvalPdfCorpusTests : IAsyncLifetime
{
    private InProcessService _service = null!;

    public async Task InitializeAsync() => _service = await InProcessService.StartAsync("--Rag:Ingestion:ExtractionTimeout=00:02:00");
    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Every_pdf_ends_ready_or_failed_with_a_reason()
    {
        var api = _service.Client;
        await api.CreateCollectionAsync("corpus");
        var files = Directory.GetFiles(EvalPdfs.Folder, "*.pdf", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(30, files.Count);

        var uploads = new List<(string File, Guid Id)>();
        foreach (var file in files)
        {
            var response = await api.UploadAsync("corpus", (Path.GetFileName(file), await File.ReadAllBytesAsync(file)));
            if (response.StatusCode == System.Net.HttpStatusCode.UnsupportedMediaType)
            {
                // Refused at the door (e.g. no PDF header at all): that is a clear outcome too.
                Assert.Contains("not a supported file type", (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
                continue;
            }
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            var accepted = await response.Content.ReadFromJsonAsync<JsonArray>();
            uploads.Add((file, accepted![0]!["id"]!.GetValue<Guid>()));
        }

        var outcomes = new List<string>();
        foreach (var (file, id) in uploads)
        {
            var document = await api.WaitSettledAsync(id, TimeSpan.FromMinutes(5));
            var status = document["status"]!.GetValue<string>();
            if (status == "ready")
            {
                Assert.True(document["pageCount"]!.GetValue<int>() > 0, file);
                Assert.True(document["chunkCount"]!.GetValue<int>() > 0, file);
            }
            else
            {
                var error = document["error"]?.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(error), $"{file} failed without a reason");
                Assert.DoesNotContain("Exception", error);
            }
            outcomes.Add($"{Path.GetFileName(file)}: {status} {document["error"]}");
        }
        Assert.True((await api.Http.GetAsync("/health")).IsSuccessStatusCode);
        Assert.True(outcomes.Count(o => o.Contains(": ready")) >= 18, string.Join("\n", outcomes));
    }
}
