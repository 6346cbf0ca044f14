using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;
using Rag.Testing.Models;

namespace Rag.Api.Tests;

/// <summary>Vector and hybrid retrieval through the API with a real ONNX encoder (a generated BERT model in the real
/// export format; its weights are random, so these tests check the mechanics, not semantic quality).</summary>
public sealed class SemanticSearchTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-semantic-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private Task<InProcessService> StartWithModelAsync(string model) =>
        InProcessService.StartInAsync(_dataDirectory, $"--Rag:Embedding:ModelPath={TestModels.Folder(model)}");

    private static readonly string[] Facts =
    [
        "The lighthouse keeper climbs two hundred steps every evening.",
        "Photosynthesis converts light into chemical energy in plants.",
        "The invoice must be paid within thirty days of delivery.",
    ];

    [Fact]
    public async Task Vector_and_hybrid_search_find_chunks_and_models_endpoint_describes_the_encoder()
    {
        await using var service = await StartWithModelAsync(TestModels.MiniLm);
        var api = service.Client;
        await api.CreateCollectionAsync("semantic");
        await api.CreateCollectionAsync("other");
        var ids = await api.UploadOkAsync("semantic", Facts.Select((f, i) => ($"fact{i}.txt", Encoding.UTF8.GetBytes(f))).ToArray());
        foreach (var id in ids) await api.ReadyAsync(id);
        await api.ReadyAsync((await api.UploadOkAsync("other", ("secret.txt", Encoding.UTF8.GetBytes(Facts[1]))))[0]);

        // The exact text of a chunk embeds to the same vector, so it must rank first by cosine.
        var vector = await SearchAsync(api, "semantic", Facts[1], "vector");
        Assert.Equal("fact1.txt", vector[0]!["fileName"]!.GetValue<string>());
        Assert.Equal(1f, vector[0]!["score"]!.GetValue<float>(), 3);
        Assert.All(vector, r => Assert.NotEqual("secret.txt", r!["fileName"]!.GetValue<string>()));

        var hybrid = await SearchAsync(api, "semantic", "invoice paid thirty days", mode: null);
        Assert.Equal("fact2.txt", hybrid[0]!["fileName"]!.GetValue<string>());

        var models = (await api.Http.GetFromJsonAsync<JsonObject>("/api/models"))!;
        var card = Assert.Single(models["models"]!.AsArray())!;
        Assert.Equal("all-MiniLM-L6-v2", card["name"]!.GetValue<string>());
        Assert.Equal("folder", card["source"]!.GetValue<string>());
        Assert.Equal("ready", models["embedding"]!["state"]!.GetValue<string>());
        Assert.Equal("cpu", card["executionProvider"]!.GetValue<string>());
        Assert.True(card["parameterCount"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task A_collection_built_with_another_model_is_refused_for_vector_search_until_re_embedded()
    {
        Guid id;
        await using (var first = await StartWithModelAsync(TestModels.MiniLm))
        {
            await first.Client.CreateCollectionAsync("switch");
            id = (await first.Client.UploadOkAsync("switch", ("fact.txt", Encoding.UTF8.GetBytes(Facts[0]))))[0];
            await first.Client.ReadyAsync(id);
        }

        await using var second = await StartWithModelAsync(TestModels.BgeEnglish);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var response = await second.Client.Http.PostAsJsonAsync("/api/search", new { collection = "switch", query = Facts[0], mode = "vector" });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
                Assert.Equal(id, results[0]!["documentId"]!.GetValue<Guid>());
                break;
            }
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("another model", (await RagClient.ProblemAsync(response))["title"]!.GetValue<string>());
            Assert.True(DateTime.UtcNow < deadline, "re-embedding never finished");
            await Task.Delay(200);
        }
        Assert.Single(await second.Client.SearchAsync("switch", "lighthouse keeper"));
    }

    private static async Task<JsonArray> SearchAsync(RagClient api, string collection, string query, string? mode)
    {
        var response = await api.Http.PostAsJsonAsync("/api/search", new { collection, query, top = 10, mode });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
    }
}
