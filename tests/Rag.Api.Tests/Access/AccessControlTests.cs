using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Access;

/// <summary>API keys over real HTTP: authentication, per-collection read/write scopes, revocation and key management.
/// Two collections, "mine" (the scoped keys' collection) and "theirs" (which they must not see at all).</summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private InProcessService _service = null!;
    private Guid _myDocument, _theirDocument;
    private RagClient Admin => _service.Client;

    public async Task InitializeAsync()
    {
        _service = await InProcessService.StartAsync();
        await Admin.CreateCollectionAsync("mine");
        await Admin.CreateCollectionAsync("theirs");
        _myDocument = (await Admin.UploadOkAsync("mine", ("pump.txt", Utf8("The P-200 pump runs at a maximum pressure of 12 bar."))))[0];
        _theirDocument = (await Admin.UploadOkAsync("theirs", ("salaries.txt", Utf8("The maximum salary band pays 12 thousand per month."))))[0];
        await Admin.ReadyAsync(_myDocument);
        await Admin.ReadyAsync(_theirDocument);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Requests_without_a_valid_key_get_401_problem_details_with_a_bearer_challenge()
    {
        foreach (var client in new[] { _service.ClientWith(null), _service.ClientWith("rag_not-a-key"), _service.ClientWith(RagClient.AdminKey + "x") })
        {
            var response = await client.Http.GetAsync("/api/collections");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(401, (await RagClient.ProblemAsync(response))["status"]!.GetValue<int>());
            var search = await client.Http.PostAsJsonAsync("/api/search", new { collection = "mine", query = "pressure" });
            Assert.Equal(HttpStatusCode.Unauthorized, search.StatusCode);
        }
    }

    [Fact]
    public async Task The_key_is_accepted_in_the_X_Api_Key_header_too()
    {
        var client = _service.ClientWith(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Add("X-Api-Key", RagClient.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_need_no_key_and_the_document_describes_the_key()
    {
        var anonymous = _service.ClientWith(null);
        foreach (var path in new[] { "/health", "/health/live", "/health/ready", "/openapi/v1.json" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync(path)).StatusCode);

        var document = (await anonymous.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["security"]![0]!["ApiKey"]);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_listings_never_show_secrets()
    {
        var (id, secret) = await CreateKeyAsync("short-lived", ("mine", "read"));
        var client = _service.ClientWith(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/collections")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync($"/api/keys/{id}")).StatusCode);

        var refused = await client.Http.GetAsync("/api/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await RagClient.ProblemAsync(refused);
        var listing = await Admin.Http.GetStringAsync("/api/keys");
        Assert.DoesNotContain(secret, listing);
        Assert.DoesNotContain(Rag.Infrastructure.Access.ApiKeySecrets.Hash(secret), listing);
        var listed = JsonNode.Parse(listing)!.AsArray().Single(k => k!["id"]!.GetValue<Guid>() == id)!;
        Assert.True(listed["revokedAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UnixEpoch);
        Assert.StartsWith(listed["prefix"]!.GetValue<string>(), secret);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var (_, secret) = await CreateKeyAsync("stored", ("mine", "write"));
        Assert.Equal(HttpStatusCode.OK, (await _service.ClientWith(secret).Http.GetAsync("/api/collections")).StatusCode);

        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.EnumerateFiles(_service.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"The secret is in {file}");
        }
    }

    [Fact]
    public async Task A_read_key_reads_its_collection_but_cannot_change_anything()
    {
        var (_, secret) = await CreateKeyAsync("reader", ("mine", "read"));
        var reader = _service.ClientWith(secret);

        Assert.Single(await reader.SearchAsync("mine", "maximum pressure"));
        Assert.Contains("12 bar", (await reader.AskAsync("mine", "What is the maximum pressure?"))["answer"]!.GetValue<string>());
        Assert.Equal("mine", (await reader.DocumentAsync(_myDocument))["collection"]!.GetValue<string>());
        Assert.Single((await reader.Http.GetFromJsonAsync<JsonArray>("/api/collections/mine/documents"))!);
        Assert.NotEmpty((await reader.Http.GetFromJsonAsync<JsonArray>($"/api/documents/{_myDocument}/chunks"))!);
        Assert.Equal("The P-200 pump runs at a maximum pressure of 12 bar.", await reader.Http.GetStringAsync($"/api/documents/{_myDocument}/file"));
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(reader, "mine")).StatusCode);

        await AssertProblemAsync(HttpStatusCode.Forbidden, await reader.UploadAsync("mine", ("more.txt", Utf8("More text."))));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await reader.Http.DeleteAsync($"/api/documents/{_myDocument}"));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await reader.Http.PostAsJsonAsync("/api/collections", new { name = "new" }));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await reader.Http.DeleteAsync("/api/collections/mine"));
        Assert.Equal("ready", (await Admin.DocumentAsync(_myDocument))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_collection_is_invisible_to_a_scoped_key_exactly_like_a_missing_one()
    {
        var (_, secret) = await CreateKeyAsync("writer", ("mine", "write"));
        var writer = _service.ClientWith(secret);

        var collections = (await writer.Http.GetFromJsonAsync<JsonArray>("/api/collections"))!;
        Assert.Equal(["mine"], collections.Select(c => c!["name"]!.GetValue<string>()));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.GetAsync("/api/collections/theirs"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.PostAsJsonAsync("/api/search", new { collection = "theirs", query = "maximum" }));
        var crossDocument = await writer.Http.PostAsJsonAsync("/api/search", new { collection = "mine", query = "maximum salary", documentId = _theirDocument });
        Assert.Empty((await crossDocument.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray());
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.PostAsJsonAsync("/api/ask", new { collection = "theirs", question = "What is the maximum salary?" }));
        await AssertModelNotFoundAsync(await ChatAsync(writer, "theirs"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.GetAsync("/api/collections/theirs/documents"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.GetAsync($"/api/documents/{_theirDocument}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.GetAsync($"/api/documents/{_theirDocument}/file"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.GetAsync($"/api/documents/{_theirDocument}/chunks"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.Http.DeleteAsync($"/api/documents/{_theirDocument}"));
        await AssertProblemAsync(HttpStatusCode.NotFound, await writer.UploadAsync("theirs", ("x.txt", Utf8("Overwrite."))));

        // Same answers as for things that do not exist, so nothing tells the key what else is there.
        var missing = await RagClient.ProblemAsync(await writer.Http.GetAsync($"/api/documents/{Guid.NewGuid()}"));
        var hidden = await RagClient.ProblemAsync(await writer.Http.GetAsync($"/api/documents/{_theirDocument}"));
        Assert.Equal(missing["title"]!.GetValue<string>(), hidden["title"]!.GetValue<string>());
        Assert.Equal("ready", (await Admin.DocumentAsync(_theirDocument))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_key_uploads_and_deletes_in_its_collection_and_says_who_it_is()
    {
        var (_, secret) = await CreateKeyAsync("uploader", ("mine", "write"), ("theirs", "read"));
        var writer = _service.ClientWith(secret);

        var id = (await writer.UploadOkAsync("mine", ("valve.txt", Utf8("The relief valve opens at 14 bar."))))[0];
        await writer.ReadyAsync(id);
        Assert.Contains(await writer.SearchAsync("mine", "relief valve"), r => r!["documentId"]!.GetValue<Guid>() == id);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.Http.DeleteAsync($"/api/documents/{id}")).StatusCode);
        await AssertProblemAsync(HttpStatusCode.Forbidden, await writer.UploadAsync("theirs", ("x.txt", Utf8("Not allowed."))));

        var me = (await writer.Http.GetFromJsonAsync<JsonObject>("/api/auth/me"))!;
        Assert.Equal("uploader", me["name"]!.GetValue<string>());
        Assert.False(me["admin"]!.GetValue<bool>());
        Assert.True(me["authEnabled"]!.GetValue<bool>());
        Assert.Equal("""[{"collection":"mine","access":"write"},{"collection":"theirs","access":"read"}]""", me["collections"]!.ToJsonString());
        Assert.True((await Admin.Http.GetFromJsonAsync<JsonObject>("/api/auth/me"))!["admin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_admin_keys_manage_keys_and_bad_requests_are_refused()
    {
        var (_, secret) = await CreateKeyAsync("not-admin", ("mine", "write"));
        var writer = _service.ClientWith(secret);
        await AssertProblemAsync(HttpStatusCode.Forbidden, await writer.Http.GetAsync("/api/keys"));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await writer.Http.PostAsJsonAsync("/api/keys", new { name = "escalate", admin = true }));

        await AssertProblemAsync(HttpStatusCode.NotFound, await PostKeyAsync(new { name = "k", collections = new[] { new { collection = "nope", access = "read" } } }));
        await AssertProblemAsync(HttpStatusCode.BadRequest, await PostKeyAsync(new { name = "k", collections = new[] { new { collection = "mine", access = "own" } } }));
        await AssertProblemAsync(HttpStatusCode.BadRequest, await PostKeyAsync(new { name = "", admin = true }));
        await AssertProblemAsync(HttpStatusCode.BadRequest, await PostKeyAsync(new { name = "no rights" }));
        await AssertProblemAsync(HttpStatusCode.NotFound, await Admin.Http.DeleteAsync($"/api/keys/{Guid.NewGuid()}"));

        var created = await PostKeyAsync(new { name = "second admin", admin = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secondAdmin = _service.ClientWith((await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.Http.GetAsync("/api/keys")).StatusCode);

        var configured = (await Admin.Http.GetFromJsonAsync<JsonArray>("/api/keys"))!.Single(k => k!["fromConfiguration"]!.GetValue<bool>())!;
        await AssertProblemAsync(HttpStatusCode.Conflict, await Admin.Http.DeleteAsync($"/api/keys/{configured["id"]}"));
    }

    private async Task<(Guid Id, string Secret)> CreateKeyAsync(string name, params (string Collection, string Access)[] grants)
    {
        var response = await PostKeyAsync(new { name, collections = grants.Select(g => new { collection = g.Collection, access = g.Access }) });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("rag_", secret);
        return (body["id"]!.GetValue<Guid>(), secret);
    }

    private Task<HttpResponseMessage> PostKeyAsync(object body) => Admin.Http.PostAsJsonAsync("/api/keys", body);

    private static Task<HttpResponseMessage> ChatAsync(RagClient client, string collection) =>
        client.Http.PostAsJsonAsync("/v1/chat/completions", new { model = collection, messages = new[] { new { role = "user", content = "What is the maximum?" } } });

    private static async Task AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await RagClient.ProblemAsync(response);
    }

    /// <summary>/v1 answers in OpenAI's error shape: a hidden collection reads exactly like a model that does not exist.</summary>
    private static async Task AssertModelNotFoundAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"Expected 404, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        Assert.Equal("model_not_found", error["code"]!.GetValue<string>());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
