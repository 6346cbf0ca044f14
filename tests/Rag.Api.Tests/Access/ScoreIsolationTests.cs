using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Access;

/// <summary>A key that writes to "alpha" alone must learn nothing from scores about "beta": not whether a word occurs
/// there, not when it appears or goes. The probe of issue 16: two one-line documents in alpha that differ only in
/// the probed word score alike whatever beta holds.</summary>
public sealed class ScoreIsolationTests : IAsyncLifetime
{
    private InProcessService _service = null!;
    private RagClient _alphaWriter = null!;
    private RagClient Admin => _service.Client;

    public async Task InitializeAsync()
    {
        _service = await InProcessService.StartAsync();
        await Admin.CreateCollectionAsync("alpha");
        await Admin.CreateCollectionAsync("beta");
        var (_, secret) = await Admin.CreateKeyAsync("alpha writer", ("alpha", "write"));
        _alphaWriter = _service.ClientWith(secret);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Keyword_scores_in_one_collection_are_bit_identical_whatever_another_collection_holds()
    {
        foreach (var id in await _alphaWriter.UploadOkAsync("alpha", ("zeta.txt", Utf8("Probe line: zeta is here.")), ("qxqv.txt", Utf8("Probe line: qxqv is here."))))
            await _alphaWriter.ReadyAsync(id);
        var alone = (Zeta: await ScoreAsync("zeta"), Qxqv: await ScoreAsync("qxqv"));
        Assert.Equal(alone.Zeta, alone.Qxqv); // the same line but for the word

        var secret = (await Admin.UploadOkAsync("beta", ("secret.txt", Utf8("Zeta is the code name of the merger."))))[0];
        await Admin.ReadyAsync(secret);
        Assert.Equal(alone, (await ScoreAsync("zeta"), await ScoreAsync("qxqv")));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync($"/api/documents/{secret}")).StatusCode);
        Assert.Equal(alone, (await ScoreAsync("zeta"), await ScoreAsync("qxqv")));
    }

    [Fact]
    public async Task Deleting_a_collection_deletes_its_keyword_index()
    {
        foreach (var (collection, text) in new[] { ("alpha", "Pumps need seals."), ("beta", "Valves need seals.") })
            await Admin.ReadyAsync((await Admin.UploadOkAsync(collection, ("note.txt", Utf8(text))))[0]);
        var keywordFolder = Path.Combine(_service.DataDirectory, "keyword");
        Assert.Equal(2, Directory.GetDirectories(keywordFolder).Length);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync("/api/collections/beta")).StatusCode);

        Assert.Single(Directory.GetDirectories(keywordFolder));
        Assert.Single(await Admin.SearchAsync("alpha", "seals"));
    }

    /// <summary>The top keyword score for <paramref name="word"/> in alpha, as the alpha key sees it, to the bit.</summary>
    private async Task<string> ScoreAsync(string word)
    {
        var response = await _alphaWriter.Http.PostAsJsonAsync("/api/search", new { collection = "alpha", query = word, top = 5, mode = "keyword" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        return BitConverter.SingleToInt32Bits(Assert.Single(results)!["score"]!.GetValue<float>()).ToString("x8");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
