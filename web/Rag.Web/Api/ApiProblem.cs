using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>A request the service refused; <see cref="Exception.Message"/> is its problem detail, meant for people.</summary>
public sealed class ApiProblemException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The people-readable text of an RFC 7807 problem body: its detail, else its title, else the status.</summary>
    public static ApiProblemException From(int status, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var field in (string[])["detail", "title"])
                    if (json.RootElement.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String
                        && !string.IsNullOrWhiteSpace(text.GetString()))
                        return new(text.GetString()!, status);
        }
        catch (JsonException) { }
        return new(status == 0 ? "The service could not be reached." : $"The service answered with HTTP {status}.", status);
    }
}
