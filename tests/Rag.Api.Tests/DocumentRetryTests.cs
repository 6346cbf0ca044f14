using System.Net;
using System.Text.Json.Nodes;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>POST /api/documents/{id}/retry: a document that failed under one setting is ingested again from its stored
/// original once the setting allows it; only failed documents can be retried, and only by a key that may write.</summary>
public sealed class DocumentRetryTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-retry-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_failed_document_is_queued_again_and_processed_while_others_are_refused()
    {
        Guid tooLong;
        await using (var strict = await InProcessService.StartInAsync(_dataDirectory, "--Rag:Upload:MaxPages=3"))
        {
            await strict.Client.CreateCollectionAsync("manuals");
            tooLong = (await strict.Client.UploadOkAsync("manuals", ("four-pages.pdf", HandmadePdf.WithPages("one", "two", "three", "The fourth page."))))[0];
            var failed = await strict.Client.WaitSettledAsync(tooLong);
            Assert.Equal(("failed", "This PDF has 4 pages; the limit is 3."), (failed["status"]!.GetValue<string>(), failed["error"]!.GetValue<string>()));
        }

        await using var service = await InProcessService.StartInAsync(_dataDirectory);
        var admin = service.Client;
        var (_, readOnly) = await admin.CreateKeyAsync("reader", ("manuals", "read"));
        var refused = await service.ClientWith(readOnly).Http.PostAsync($"/api/documents/{tooLong}/retry", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("failed", (await admin.DocumentAsync(tooLong))["status"]!.GetValue<string>());

        var retried = await admin.Http.PostAsync($"/api/documents/{tooLong}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var queued = JsonNode.Parse(await retried.Content.ReadAsStringAsync())!;
        Assert.Equal("queued", queued["status"]!.GetValue<string>());
        Assert.Null(queued["error"]);
        var ready = await admin.ReadyAsync(tooLong);
        Assert.Equal(4, ready["pageCount"]!.GetValue<int>());
        Assert.Equal(tooLong, (await admin.SearchAsync("manuals", "fourth page"))[0]!["documentId"]!.GetValue<Guid>());

        var again = await admin.Http.PostAsync($"/api/documents/{tooLong}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Only a failed document can be retried; 'four-pages.pdf' is ready.", (await RagClient.ProblemAsync(again))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.PostAsync($"/api/documents/{Guid.NewGuid()}/retry", null)).StatusCode);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
