using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>A request the service refused; <see cref="Exception.Message"/> is its problem detail, meant for people.</summary>
public sealed class ApiProblemException(string message, int status, TimeSpan? retryAfter = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The service's Retry-After, when it sent one (429, 503).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The people-readable text of an RFC 7807 problem body: its detail, else its title, else the status.</summary>
    public static ApiProblemException From(int status, string body, TimeSpan? retryAfter = null)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var field in (string[])["detail", "title"])
                    if (json.RootElement.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String
                        && !string.IsNullOrWhiteSpace(text.GetString()))
                        return new(text.GetString()!, status, retryAfter);
        }
        catch (JsonException) { }
        return new(status == 0 ? "The service could not be reached." : $"The service answered with HTTP {status}.", status, retryAfter);
    }
}
