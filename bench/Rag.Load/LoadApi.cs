using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rag.Load;

public sealed record DocumentState(Guid Id, string FileName, string Status, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>From upload to the last status change (ready or failed, once settled).</summary>
    public TimeSpan IngestionTime => UpdatedAt - CreatedAt;
}

/// <summary>The calls of the service's HTTP API the load run makes, as any client would send them.</summary>
public sealed class LoadApi(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient CreateHttpClient(Uri address, string apiKey)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public async Task CreateCollectionAsync(string name)
    {
        using var response = await http.PostAsJsonAsync("api/collections", new { name }, Json);
        await EnsureAsync(response, $"create collection '{name}'");
    }

    public Task<HttpResponseMessage> SearchAsync(string collection, string query) =>
        http.PostAsJsonAsync("api/search", new { collection, query, top = 10 }, Json);

    public Task<HttpResponseMessage> AskAsync(string collection, string question) =>
        http.PostAsJsonAsync("api/ask", new { collection, question }, Json);

    public Task<HttpResponseMessage> UploadAsync(string collection, IEnumerable<UploadFile> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            form.Add(part, "file", file.Name);
        }
        return http.PostAsync($"api/collections/{Uri.EscapeDataString(collection)}/documents", form);
    }

    public static async Task<List<Guid>> AcceptedIdsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<List<DocumentState>>(Json))!.Select(d => d.Id).ToList();

    public async Task<List<DocumentState>> DocumentsAsync(string collection)
    {
        using var response = await http.GetAsync($"api/collections/{Uri.EscapeDataString(collection)}/documents");
        await EnsureAsync(response, "list documents");
        return (await response.Content.ReadFromJsonAsync<List<DocumentState>>(Json))!;
    }

    public async Task<int> DocumentCountAsync(string collection)
    {
        using var response = await http.GetAsync($"api/collections/{Uri.EscapeDataString(collection)}");
        await EnsureAsync(response, "show collection");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("documentCount").GetInt32();
    }

    /// <summary>The wait a 429 asks for (Retry-After in seconds or as a date), one second when it names none.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null)
        ?? TimeSpan.FromSeconds(1);

    private static async Task EnsureAsync(HttpResponseMessage response, string action)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new LoadException($"{action} failed: {(int)response.StatusCode} {response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
    }
}

public sealed class LoadException(string message) : Exception(message);
