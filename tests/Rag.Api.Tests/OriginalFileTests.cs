using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>GET /api/documents/{id}/file serves an original under the type its bytes were sniffed as, never re-sniffed
/// by the browser, sandboxed, and as an attachment unless the browser only displays that type.</summary>
public sealed class OriginalFileTests : IAsyncLifetime
{
    private const string Collection = "originals";
    private const string ScriptedPage = "<!DOCTYPE html><html><body><script>fetch('/api/keys')</script>\n<!-- %PDF-1.7 -->\n</body></html>\n";

    private InProcessService _service = null!;
    private RagClient Api => _service.Client;

    public async Task InitializeAsync()
    {
        _service = await InProcessService.StartAsync();
        await Api.CreateCollectionAsync(Collection);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public static TheoryData<string, string, string, string> Originals() => new()
    {
        { "page.html", ScriptedPage, "text/html", "attachment" },
        { "page.pdf", ScriptedPage, "text/html", "attachment" },
        { "notes.md", "# Notes\n\nPlain words.\n", "text/markdown", "inline" },
        { "data.pdf", "eval:tables-forms/data.pdf", "application/pdf", "inline" },
        { "23056.PMC2132516.pdf", "eval:papers-multicolumn/23056.PMC2132516.pdf", "application/pdf", "inline" },
    };

    [Theory]
    [MemberData(nameof(Originals))]
    public async Task An_original_is_served_as_what_it_is_sandboxed_unsniffable_and_inline_only_when_passive(
        string fileName, string content, string contentType, string disposition)
    {
        var bytes = content.StartsWith("eval:") ? await File.ReadAllBytesAsync(EvalPdfs.PathOf(content["eval:".Length..])) : Encoding.UTF8.GetBytes(content);
        var id = (await Api.UploadOkAsync(Collection, (fileName, bytes)))[0];

        Assert.Equal(contentType, (await Api.Http.GetFromJsonAsync<JsonObject>($"/api/documents/{id}"))!["contentType"]!.GetValue<string>());
        var response = await Api.Http.GetAsync($"/api/documents/{id}/file");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(disposition, response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());

        var saved = await Api.Http.GetAsync($"/api/documents/{id}/file?download=true");
        Assert.Equal("attachment", saved.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("sandbox", string.Join(",", saved.Headers.GetValues("Content-Security-Policy")));
    }
}
