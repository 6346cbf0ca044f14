using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>
/// Sends JSON requests to Qdrant's REST API and returns the <c>result</c> of its response envelope. Each attempt has
/// its own timeout; transient failures (5xx, 429, 408, timeouts, connection errors) are retried with exponential
/// backoff; any other failure throws a <see cref="QdrantException"/> with the error text Qdrant sent.
/// </summary>
internal sealed class QdrantHttp(HttpClient http, QdrantOptions options)
{
    private const int MaxErrorTextLength = 500;

    /// <summary>The response's <c>result</c>, or null when the status is one of <paramref name="tolerated"/> (e.g. 404 for "no such collection").</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken,
        params HttpStatusCode[] tolerated)
    {
        var json = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            var retriesLeft = attempt < options.MaxRetries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            string failure;
            HttpStatusCode? status = null;
            Exception? error = null;
            try
            {
                using var request = CreateRequest(method, path, json);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                    return JsonNode.Parse(text)?["result"];
                if (tolerated.Contains(response.StatusCode))
                    return null;
                status = response.StatusCode;
                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}: {ErrorText(text)}";
                if (!IsTransient(response.StatusCode) || !retriesLeft)
                    throw new QdrantException(Describe(method, path, failure, attempt), status);
            }
            catch (OperationCanceledException canceled) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s";
                error = canceled;
            }
            catch (HttpRequestException unreachable)
            {
                failure = unreachable.Message;
                error = unreachable;
            }
            if (!retriesLeft)
                throw new QdrantException(Describe(method, path, failure, attempt), status, error);
            await Task.Delay(options.InitialBackoff * Math.Pow(2, attempt), cancellationToken);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(options.Url.TrimEnd('/') + "/"), path.TrimStart('/')));
        if (!string.IsNullOrEmpty(options.ApiKey))
            request.Headers.Add("api-key", options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    private static string Describe(HttpMethod method, string path, string failure, int attempt) =>
        $"Qdrant {method} /{path.TrimStart('/')} failed{(attempt > 0 ? $" after {attempt + 1} attempts" : "")}: {failure}";

    /// <summary>Qdrant answers errors as <c>{"status": {"error": "..."}}</c>; anything else is shown as sent, shortened.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["status"]?["error"] is JsonValue error && error.TryGetValue<string>(out var message))
                return message;
        }
        catch (JsonException)
        {
        }
        body = body.Trim();
        return body.Length == 0 ? "(empty body)" : body.Length <= MaxErrorTextLength ? body : body[..MaxErrorTextLength] + "…";
    }
}
