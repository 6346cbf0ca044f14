using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Rag.Testing.Hosting;

/// <summary>Talks to a running service over real HTTP, the way any client would.</summary>
public sealed class RagClient(HttpClient http)
{
    /// <summary>The admin key the test services start with (Rag:Auth:AdminKey); clients send it unless told otherwise.</summary>
    public const string AdminKey = "rag_test-admin-key-0123456789abcdefghijklmnopqrstuvw";

    public HttpClient Http => http;

    /// <summary>A client of the service at <paramref name="address"/> that sends <paramref name="key"/> as a Bearer token (none if null).</summary>
    public static RagClient Connect(Uri address, string? key, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = timeout };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new RagClient(client);
    }

    public async Task CreateCollectionAsync(string name)
    {
        var response = await http.PostAsJsonAsync("/api/collections", new { name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    public Task<HttpResponseMessage> UploadAsync(string collection, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }
        return http.PostAsync($"/api/collections/{Uri.EscapeDataString(collection)}/documents", form);
    }

    /// <summary>Uploads and returns the accepted documents' ids, asserting 202.</summary>
    public async Task<List<Guid>> UploadOkAsync(string collection, params (string Name, byte[] Content)[] files)
    {
        var response = await UploadAsync(collection, files);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonArray>();
        return body!.Select(d => d!["id"]!.GetValue<Guid>()).ToList();
    }

    public async Task<JsonObject> DocumentAsync(Guid id) => (await http.GetFromJsonAsync<JsonObject>($"/api/documents/{id}"))!;

    /// <summary>Polls until the document is ready or failed, returning its final state.</summary>
    public async Task<JsonObject> WaitSettledAsync(Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var document = await DocumentAsync(id);
            var status = document["status"]!.GetValue<string>();
            if (status is "ready" or "failed") return document;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Document {id} still '{status}': {document.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    public async Task<JsonObject> ReadyAsync(Guid id)
    {
        var document = await WaitSettledAsync(id);
        Assert.True(document["status"]!.GetValue<string>() == "ready", document.ToJsonString());
        return document;
    }

    public async Task<JsonArray> SearchAsync(string collection, string query, int top = 10)
    {
        var response = await http.PostAsJsonAsync("/api/search", new { collection, query, top });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
    }

    public async Task<JsonObject> AskAsync(string collection, string question)
    {
        var response = await http.PostAsJsonAsync("/api/ask", new { collection, question });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>All chunks of a document, in ordinal order.</summary>
    public async Task<List<JsonNode>> ChunksAsync(Guid id)
    {
        var all = new List<JsonNode>();
        while (true)
        {
            var page = (await http.GetFromJsonAsync<JsonArray>($"/api/documents/{id}/chunks?offset={all.Count}&limit=1000"))!;
            if (page.Count == 0) return all;
            all.AddRange(page.Select(n => n!));
        }
    }

    /// <summary>The consistency check of a collection: chunk counts in the database, keyword index and vector index.</summary>
    public async Task<JsonObject> ConsistencyAsync(string collection) =>
        (await http.GetFromJsonAsync<JsonObject>($"/api/collections/{Uri.EscapeDataString(collection)}/consistency"))!;

    /// <summary>Asserts that no document of the collection is still being ingested and every store holds the same chunks.</summary>
    public async Task<JsonObject> AssertConsistentAsync(string collection)
    {
        var report = await ConsistencyAsync(collection);
        Assert.True(report["consistent"]!.GetValue<bool>() && report["documentsInProgress"]!.GetValue<int>() == 0, report.ToJsonString());
        return report;
    }

    /// <summary>Creates a key limited to the given collections ("read" or "write") with this (admin) client; returns its id and secret.</summary>
    public async Task<(Guid Id, string Secret)> CreateKeyAsync(string name, params (string Collection, string Access)[] grants)
    {
        var response = await http.PostAsJsonAsync("/api/keys", new { name, collections = grants.Select(g => new { collection = g.Collection, access = g.Access }) });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["id"]!.GetValue<Guid>(), body["secret"]!.GetValue<string>());
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
