using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Rag.Eval.Service;

public sealed record DocumentStatus(Guid Id, string FileName, string Status, string? Error);

public sealed record SearchResult(Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);

/// <summary>How the service retrieved: the mode asked for, the legs that ran, and why a leg was left out.</summary>
public sealed record RetrievalInfo(string Mode, List<string> Legs, string? Reason);

public sealed record SearchResponse(List<SearchResult> Results, RetrievalInfo? Retrieval);

public sealed record AskCitation(int N, Guid DocumentId, string Quote);

/// <summary>The relevance decision of an answer: its score and evidence.</summary>
public sealed record RelevanceInfo(double Score, double? Similarity, double TermCoverage, double SentenceCoverage, List<string> MissingTerms, bool UnmatchedNegation,
    bool AnswerTypeMissing, int NamesOutsideSentence, double? SimilarityMargin, bool? LegsAgree);

/// <summary>An answer of /api/ask; Relevance and AnswerKind are null from services that do not report them.</summary>
public sealed record AskResponse(string Answer, bool Grounded, List<AskCitation> Citations, List<SearchResult> Sources, RelevanceInfo? Relevance, string? AnswerKind);

/// <summary>The few calls of the service's HTTP API the evaluation needs.</summary>
public sealed class RagApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task CreateCollectionAsync(string name)
    {
        using var response = await http.PostAsJsonAsync("api/collections", new { name }, Json);
        await EnsureSuccessAsync(response, $"create collection '{name}'");
    }

    public async Task<IReadOnlyList<DocumentStatus>> UploadAsync(string collection, IEnumerable<(string FileName, string Content)> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (fileName, content) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            form.Add(part, "file", fileName);
        }
        using var response = await http.PostAsync($"api/collections/{Uri.EscapeDataString(collection)}/documents", form);
        await EnsureSuccessAsync(response, "upload documents");
        return await ReadAsync<List<DocumentStatus>>(response);
    }

    public async Task<IReadOnlyList<DocumentStatus>> ListDocumentsAsync(string collection)
    {
        using var response = await http.GetAsync($"api/collections/{Uri.EscapeDataString(collection)}/documents");
        await EnsureSuccessAsync(response, "list documents");
        return await ReadAsync<List<DocumentStatus>>(response);
    }

    public async Task<SearchResponse> SearchAsync(string collection, string query, int top, string mode)
    {
        using var response = await http.PostAsJsonAsync("api/search", new { collection, query, top, mode }, Json);
        await EnsureSuccessAsync(response, $"{mode} search");
        return await ReadAsync<SearchResponse>(response);
    }

    public async Task<AskResponse> AskAsync(string collection, string question, int top, string? mode)
    {
        using var response = await http.PostAsJsonAsync("api/ask", new { collection, question, top, mode }, Json);
        await EnsureSuccessAsync(response, "ask");
        return await ReadAsync<AskResponse>(response);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(Json)
        ?? throw new EvaluationException($"{response.RequestMessage?.RequestUri} answered an empty body");

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string action)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync();
        throw new EvaluationException(
            $"{action} failed: {(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri}: {body[..Math.Min(body.Length, 500)]}");
    }
}
