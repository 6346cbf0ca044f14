using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>The service as a fresh install runs it: the bundled real encoder, hybrid retrieval that only uses the
/// vector leg where the encoder covers the query's language, and a keyword fallback that says why.</summary>
public sealed class BundledModelTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-bundled-" + Guid.NewGuid().ToString("N"));

    /// <summary>An empty setting is what a fresh install has: the bundled default.</summary>
    private const string DefaultModel = "--Rag:Embedding:Model=";

    private static readonly (string Name, string Text)[] Documents =
    [
        ("pets.txt", "Cats are small domesticated felines that many families keep at home as companions."),
        ("markets.txt", "Share prices fell sharply on Tuesday after the central bank raised interest rates."),
        ("kb.txt", "知识库是一个存储和检索文档的系统，用户可以向它提问。"),
    ];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_fresh_install_embeds_with_the_bundled_model_and_searches_by_meaning()
    {
        await using var service = await InProcessService.StartInAsync(_dataDirectory, DefaultModel);
        var api = service.Client;

        var models = (await api.Http.GetFromJsonAsync<JsonObject>("/api/models"))!;
        Assert.Equal("ready", models["embedding"]!["state"]!.GetValue<string>());
        var card = Assert.Single(models["models"]!.AsArray())!;
        Assert.Equal(("Snowflake/snowflake-arctic-embed-xs", "bundled", "apache-2.0"),
            (card["name"]!.GetValue<string>(), card["source"]!.GetValue<string>(), card["license"]!.GetValue<string>()));
        Assert.Equal("en", Assert.Single(card["languages"]!.AsArray())!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{16}$", card["fingerprint"]!.GetValue<string>());

        await UploadAllAsync(api, "kb");

        // No word in common with the pets document: only the vector leg can find it.
        var (results, retrieval) = await SearchAsync(api, "kb", "kitten as a household companion animal");
        Assert.Equal(["keyword", "vector"], Legs(retrieval));
        Assert.Equal("pets.txt", results[0]!["fileName"]!.GetValue<string>());

        var (chinese, chineseRetrieval) = await SearchAsync(api, "kb", "知识库是什么？");
        Assert.Equal(["keyword"], Legs(chineseRetrieval));
        Assert.Contains("Han", chineseRetrieval["reason"]!.GetValue<string>());
        Assert.Equal("kb.txt", chinese[0]!["fileName"]!.GetValue<string>());

        var answer = await api.AskAsync("kb", "Which animals do families keep as companions?");
        Assert.Equal(["keyword", "vector"], Legs(answer["retrieval"]!.AsObject()));
    }

    [Fact]
    public async Task A_damaged_model_folder_is_reported_and_search_falls_back_to_keywords()
    {
        var folder = Path.Combine(_dataDirectory, "broken-model");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), "not an onnx graph");
        await File.WriteAllTextAsync(Path.Combine(folder, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        await using var service = await InProcessService.StartInAsync(_dataDirectory, $"--Rag:Embedding:Model={folder}");
        var api = service.Client;

        var embedding = (await api.Http.GetFromJsonAsync<JsonObject>("/api/models"))!["embedding"]!;
        Assert.Equal("failed", embedding["state"]!.GetValue<string>());
        Assert.Contains(folder, embedding["reason"]!.GetValue<string>());

        await UploadAllAsync(api, "kb");
        var (results, retrieval) = await SearchAsync(api, "kb", "interest rates");
        Assert.Equal(["keyword"], Legs(retrieval));
        Assert.Contains("could not be loaded", retrieval["reason"]!.GetValue<string>());
        Assert.Equal("markets.txt", results[0]!["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_collection_built_without_a_model_is_embedded_in_the_background_once_one_runs()
    {
        await using (var keywordOnly = await InProcessService.StartInAsync(_dataDirectory, "--Rag:Embedding:Model=none"))
            await UploadAllAsync(keywordOnly.Client, "old");

        await using var service = await InProcessService.StartInAsync(_dataDirectory, DefaultModel);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var response = await service.Client.Http.PostAsJsonAsync("/api/search",
                new { collection = "old", query = "kitten as a household companion animal", mode = "vector", top = 1 });
            var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
            if (results.Count == 1 && results[0]!["fileName"]!.GetValue<string>() == "pets.txt") break;
            Assert.True(DateTime.UtcNow < deadline, "the keyword-only collection was never embedded");
            await Task.Delay(250);
        }
        // A document's vectors are searchable a moment before its re-embedding job is marked done.
        while ((await service.Client.ConsistencyAsync("old"))["documentsInProgress"]!.GetValue<int>() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "re-embedding never finished");
            await Task.Delay(100);
        }
        await service.Client.AssertConsistentAsync("old");
    }

    private static async Task UploadAllAsync(RagClient api, string collection)
    {
        await api.CreateCollectionAsync(collection);
        var ids = await api.UploadOkAsync(collection, Documents.Select(d => (d.Name, Encoding.UTF8.GetBytes(d.Text))).ToArray());
        foreach (var id in ids) await api.ReadyAsync(id);
    }

    private static async Task<(JsonArray Results, JsonObject Retrieval)> SearchAsync(RagClient api, string collection, string query)
    {
        var response = await api.Http.PostAsJsonAsync("/api/search", new { collection, query, top = 3 });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (body["results"]!.AsArray(), body["retrieval"]!.AsObject());
    }

    private static string[] Legs(JsonObject retrieval) => retrieval["legs"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
}
