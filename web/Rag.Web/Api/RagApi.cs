using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rag.Web.Api;

/// <summary>The service's HTTP API as the UI uses it. Refusals surface as <see cref="ApiProblemException"/>.</summary>
public sealed class RagApi(HttpClient http)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Task<List<CollectionInfo>> ListCollectionsAsync(CancellationToken ct = default) =>
        GetAsync<List<CollectionInfo>>("api/collections", ct);

    public Task<CollectionInfo> CreateCollectionAsync(string name, CancellationToken ct = default) =>
        SendAsync<CollectionInfo>(HttpMethod.Post, "api/collections", new { name }, ct);

    public Task<List<DocumentInfo>> ListDocumentsAsync(string collection, CancellationToken ct = default) =>
        GetAsync<List<DocumentInfo>>($"api/collections/{Uri.EscapeDataString(collection)}/documents", ct);

    public async Task DeleteDocumentAsync(Guid id, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync($"api/documents/{id}", ct);
        await EnsureSuccessAsync(response, ct);
    }

    public Task<SearchResults> SearchAsync(string collection, string query, SearchMode mode, int top, CancellationToken ct = default) =>
        SendAsync<SearchResults>(HttpMethod.Post, "api/search", new { collection, query, mode, top }, ct);

    public Task<List<ModelCard>> ListModelsAsync(CancellationToken ct = default) => GetAsync<List<ModelCard>>("api/models", ct);

    /// <summary>Asks for a streamed answer; a server that does not stream answers with JSON, which is read whole.</summary>
    public async Task<AskAnswer> AskAsync(string collection, string question, IReadOnlyList<ConversationMessage> conversation, Action<string> onToken, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ask")
        {
            Content = JsonContent.Create(new { collection, question, conversation }, options: Json),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            return await AskStream.ReadAsync(await response.Content.ReadAsStreamAsync(ct), onToken, ct);
        return await ReadAsync<AskAnswer>(response, ct);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await EnsureSuccessAsync(response, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object body, CancellationToken ct)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) }, ct);
        await EnsureSuccessAsync(response, ct);
        return await ReadAsync<T>(response, ct);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct)
        ?? throw new ApiProblemException("The service sent an empty answer.", (int)response.StatusCode);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        throw ApiProblemException.From((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
