using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>The service's HTTP API as the UI uses it, called with the signed-in person's API key (none when
/// authentication is off). Refusals surface as <see cref="ApiProblemException"/>; a 401 (the key was revoked or the
/// session ended) also calls <paramref name="onKeyRefused"/>, which sends the person back to sign-in.</summary>
public sealed class RagApi(HttpClient http, Func<Task<string?>> signedInKey, Action onKeyRefused)
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

    public Task<DocumentInfo> GetDocumentAsync(Guid id, CancellationToken ct = default) => GetAsync<DocumentInfo>($"api/documents/{id}", ct);

    /// <summary>All chunks of a document, in order, fetched a page of the list at a time.</summary>
    public async Task<List<ChunkInfo>> ChunksAsync(Guid id, CancellationToken ct = default)
    {
        var all = new List<ChunkInfo>();
        while (true)
        {
            var more = await GetAsync<List<ChunkInfo>>($"api/documents/{id}/chunks?offset={all.Count}&limit=100", ct);
            all.AddRange(more);
            if (more.Count < 100) return all;
        }
    }

    public Task DeleteDocumentAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, $"api/documents/{id}", ct);

    public Task RetryDocumentAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Post, $"api/documents/{id}/retry", ct);

    public Task<SearchResponse> SearchAsync(string collection, string query, SearchMode? mode, int top, CancellationToken ct = default) =>
        SendAsync<SearchResponse>(HttpMethod.Post, "api/search", new { collection, query, mode, top }, ct);

    public Task<Caller> WhoAmIAsync(CancellationToken ct = default) => GetAsync<Caller>("api/auth/me", ct);

    /// <summary>Who a key belongs to, or null when the service does not accept it: the sign-in check. A wrong key
    /// counts against <paramref name="browserAddress"/>, whose attempts the service throttles (429).</summary>
    public async Task<Caller?> IdentifyAsync(string key, string? browserAddress, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/auth/me");
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.Add(Access.UiForwarding.ClientHeader, browserAddress ?? "unknown");
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized) return null;
        await EnsureSuccessAsync(response, ct);
        return await ReadAsync<Caller>(response, ct);
    }

    public Task<List<ApiKeyInfo>> ListKeysAsync(CancellationToken ct = default) => GetAsync<List<ApiKeyInfo>>("api/keys", ct);

    public Task<CreatedApiKey> CreateKeyAsync(string name, bool admin, IReadOnlyList<CollectionGrant> collections, CancellationToken ct = default) =>
        SendAsync<CreatedApiKey>(HttpMethod.Post, "api/keys", new { name, admin, collections }, ct);

    public Task RevokeKeyAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, $"api/keys/{id}", ct);

    public Task<ModelsResponse> ListModelsAsync(CancellationToken ct = default) => GetAsync<ModelsResponse>("api/models", ct);

    public Task<LlmStatusInfo> LlmStatusAsync(CancellationToken ct = default) => GetAsync<LlmStatusInfo>("api/models/llm", ct);

    public Task<List<ConversationSummary>> ListConversationsAsync(CancellationToken ct = default) =>
        GetAsync<List<ConversationSummary>>("api/conversations", ct);

    public Task<ConversationDetail> GetConversationAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<ConversationDetail>($"api/conversations/{id}", ct);

    public Task<ConversationSummary> CreateConversationAsync(string collection, string title, CancellationToken ct = default) =>
        SendAsync<ConversationSummary>(HttpMethod.Post, "api/conversations", new { collection, title }, ct);

    public Task<ConversationSummary> RenameConversationAsync(Guid id, string title, CancellationToken ct = default) =>
        SendAsync<ConversationSummary>(HttpMethod.Patch, $"api/conversations/{id}", new { title }, ct);

    public Task DeleteConversationAsync(Guid id, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, $"api/conversations/{id}", ct);

    public Task<SavedTurn> SaveTurnAsync(Guid id, string question, AskResponse answer, CancellationToken ct = default) =>
        SendAsync<SavedTurn>(HttpMethod.Post, $"api/conversations/{id}/turns", new { question, answer }, ct);

    /// <summary>Forgets the saved turn at <paramref name="index"/> and those after it (before asking again).</summary>
    public Task DeleteTurnsFromAsync(Guid id, int index, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/conversations/{id}/turns/{index}", ct);

    /// <summary>Asks for a streamed answer: tokens go to <paramref name="onToken"/> as they come.</summary>
    public async Task<AskResponse> AskAsync(string collection, string question, IReadOnlyList<ConversationMessage> conversation, Action<string> onToken, CancellationToken ct = default)
    {
        using var request = await RequestAsync(HttpMethod.Post, "api/ask", new { collection, question, conversation });
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        return await AskStream.ReadAsync(await response.Content.ReadAsStreamAsync(ct), onToken, ct);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var request = await RequestAsync(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object body, CancellationToken ct)
    {
        using var request = await RequestAsync(method, path, body);
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var request = await RequestAsync(method, path);
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        if (await signedInKey() is { } key) request.Headers.Authorization = new("Bearer", key);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct)
        ?? throw new ApiProblemException("The service sent an empty answer.", (int)response.StatusCode);

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized) onKeyRefused();
        throw ApiProblemException.From((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Headers.RetryAfter?.Delta);
    }
}
