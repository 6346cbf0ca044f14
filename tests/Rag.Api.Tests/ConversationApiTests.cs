using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.Api.Tests;

/// <summary>Saved conversations over real HTTP: a key keeps its conversations (create, append, list, get, rename,
/// truncate, delete) and never sees, changes or deletes another key's. Runs once per storage provider.</summary>
public abstract class ConversationApiTests(Func<Task<InProcessService>> start) : IAsyncLifetime
{
    private InProcessService _service = null!;
    private RagClient Admin => _service.Client;

    public async Task InitializeAsync()
    {
        _service = await start();
        await Admin.CreateCollectionAsync("manuals");
        await Admin.CreateCollectionAsync("payroll");
        var id = (await Admin.UploadOkAsync("manuals", ("pump.txt", "The P-200 pump runs at a maximum pressure of 12 bar."u8.ToArray())))[0];
        await Admin.ReadyAsync(id);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_conversation_is_created_appended_listed_renamed_truncated_and_deleted_by_its_key()
    {
        var (_, secret) = await Admin.CreateKeyAsync("alice", ("manuals", "read"));
        var alice = _service.ClientWith(secret).Http;

        var created = await alice.PostAsJsonAsync("/api/conversations", new { collection = "manuals", title = "Pump limits" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/conversations/{id}", created.Headers.Location!.OriginalString);

        var answer = await _service.ClientWith(secret).AskAsync("manuals", "What is the maximum pressure?");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/conversations/{id}/turns",
            new { question = "What is the maximum pressure?", answer })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/conversations/{id}/turns",
            new { question = "And the minimum?", answer = new { answer = "Not found in the documents.", grounded = false } })).StatusCode);

        var saved = (await alice.GetFromJsonAsync<JsonObject>($"/api/conversations/{id}"))!;
        Assert.Equal("Pump limits", saved["title"]!.GetValue<string>());
        Assert.Equal("manuals", saved["collection"]!.GetValue<string>());
        var turns = saved["turns"]!.AsArray();
        Assert.Equal([0, 1], turns.Select(t => t!["index"]!.GetValue<int>()));
        Assert.Equal("What is the maximum pressure?", turns[0]!["question"]!.GetValue<string>());
        Assert.Equal(answer["answer"]!.GetValue<string>(), turns[0]!["answer"]!["answer"]!.GetValue<string>());
        Assert.Equal(answer["citations"]!.ToJsonString(), turns[0]!["answer"]!["citations"]!.ToJsonString());

        var renamed = await alice.PatchAsJsonAsync($"/api/conversations/{id}", new { title = "Pressure" });
        Assert.Equal("Pressure", (await renamed.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        var listed = (await alice.GetFromJsonAsync<JsonArray>("/api/conversations"))!.Single()!;
        Assert.Equal(("Pressure", 2), (listed["title"]!.GetValue<string>(), listed["turnCount"]!.GetValue<int>()));

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/conversations/{id}/turns/1")).StatusCode);
        Assert.Single((await alice.GetFromJsonAsync<JsonObject>($"/api/conversations/{id}"))!["turns"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/conversations/{id}")).StatusCode);
        Assert.Empty((await alice.GetFromJsonAsync<JsonArray>("/api/conversations"))!);
        await AssertNotFoundAsync(await alice.GetAsync($"/api/conversations/{id}"));
    }

    [Fact]
    public async Task A_key_never_sees_changes_or_deletes_another_keys_conversations()
    {
        var (_, aliceSecret) = await Admin.CreateKeyAsync("alice", ("manuals", "read"));
        var (_, bobSecret) = await Admin.CreateKeyAsync("bob", ("manuals", "write"));
        var alice = _service.ClientWith(aliceSecret).Http;
        var bob = _service.ClientWith(bobSecret).Http;
        var id = await CreateAsync(alice, "manuals", "Alice's private question");

        Assert.Empty((await bob.GetFromJsonAsync<JsonArray>("/api/conversations"))!);
        Assert.Empty((await Admin.Http.GetFromJsonAsync<JsonArray>("/api/conversations"))!);
        await AssertNotFoundAsync(await bob.GetAsync($"/api/conversations/{id}"));
        await AssertNotFoundAsync(await Admin.Http.GetAsync($"/api/conversations/{id}"));
        await AssertNotFoundAsync(await bob.PatchAsJsonAsync($"/api/conversations/{id}", new { title = "mine now" }));
        await AssertNotFoundAsync(await bob.PostAsJsonAsync($"/api/conversations/{id}/turns", new { question = "q", answer = new { answer = "a" } }));
        await AssertNotFoundAsync(await bob.DeleteAsync($"/api/conversations/{id}"));

        var kept = (await alice.GetFromJsonAsync<JsonObject>($"/api/conversations/{id}"))!;
        Assert.Equal("Alice's private question", kept["title"]!.GetValue<string>());
        Assert.Empty(kept["turns"]!.AsArray());
    }

    [Fact]
    public async Task A_conversation_needs_a_readable_collection_and_valid_fields()
    {
        var (_, secret) = await Admin.CreateKeyAsync("alice", ("manuals", "read"));
        var alice = _service.ClientWith(secret).Http;

        await AssertNotFoundAsync(await alice.PostAsJsonAsync("/api/conversations", new { collection = "payroll" }));
        var id = await CreateAsync(alice, "manuals", null);
        Assert.Equal("New conversation", (await alice.GetFromJsonAsync<JsonObject>($"/api/conversations/{id}"))!["title"]!.GetValue<string>());

        await AssertBadRequestAsync(await alice.PatchAsJsonAsync($"/api/conversations/{id}", new { title = " " }), "title");
        await AssertBadRequestAsync(await alice.PatchAsJsonAsync($"/api/conversations/{id}", new { title = new string('t', 201) }), "title");
        await AssertBadRequestAsync(await alice.PostAsJsonAsync($"/api/conversations/{id}/turns", new { question = "q", answer = "text" }), "JSON object");
        await AssertBadRequestAsync(await alice.PostAsJsonAsync($"/api/conversations/{id}/turns",
            new { question = new string('q', 10_001), answer = new { answer = "a" } }), "limit");
        await AssertNotFoundAsync(await alice.DeleteAsync($"/api/conversations/{id}/turns/0"));
    }

    [Fact]
    public async Task Deleting_a_collection_deletes_its_conversations()
    {
        var id = await CreateAsync(Admin.Http, "payroll", "About pay");
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync("/api/collections/payroll")).StatusCode);
        await AssertNotFoundAsync(await Admin.Http.GetAsync($"/api/conversations/{id}"));
        Assert.Empty((await Admin.Http.GetFromJsonAsync<JsonArray>("/api/conversations"))!);
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string collection, string? title)
    {
        var response = await client.PostAsJsonAsync("/api/conversations", new { collection, title });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await RagClient.ProblemAsync(response))["status"]!.GetValue<int>());
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string detailMentions)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detailMentions, (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
    }
}

public sealed class SqliteConversationApiTests() : ConversationApiTests(() => InProcessService.StartAsync());

public sealed class PostgresConversationApiTests(PostgresServer postgres) : ConversationApiTests(async () =>
    await InProcessService.StartAsync("--Rag:Storage:Provider=postgres", $"--Rag:Storage:ConnectionString={await postgres.CreateDatabaseAsync()}")),
    IClassFixture<PostgresServer>;
