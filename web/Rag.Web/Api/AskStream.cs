using System.Text;
using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>Reads an answer streamed as server-sent events: token events whose data is the next piece of the answer
/// (a JSON string, a JSON object with "text", or plain text), then a final event whose JSON data has "citations"
/// (and "sources"; "answer" when the server repeats the whole text). An "error" event carries a problem body.</summary>
public static class AskStream
{
    public static async Task<AskAnswer> ReadAsync(Stream stream, Action<string> onToken, CancellationToken cancellationToken)
    {
        var answer = new StringBuilder();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var eventName = "message";
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                if (line.StartsWith("event:")) eventName = FieldValue(line);
                else if (line.StartsWith("data:")) data.Add(FieldValue(line));
                continue;
            }
            if (data.Count == 0) continue;
            var payload = string.Join('\n', data);
            if (eventName == "error") throw ApiProblemException.From(500, payload);
            if (AsFinal(payload) is { } final) return final with { Answer = final.Answer ?? answer.ToString() };
            var token = AsToken(payload);
            answer.Append(token);
            onToken(token);
            (eventName, data) = ("message", []);
        }
        throw new ApiProblemException("The answer stream ended before the answer was complete.", 502);
    }

    private static string FieldValue(string line)
    {
        var value = line[(line.IndexOf(':') + 1)..];
        return value.StartsWith(' ') ? value[1..] : value;
    }

    private static AskAnswer? AsFinal(string payload)
    {
        if (!payload.TrimStart().StartsWith('{')) return null;
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("citations", out _)
            ? json.RootElement.Deserialize<AskAnswer>(RagApi.Json)
            : null;
    }

    private static string AsToken(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.String) return root.GetString()!;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("text", out var text)) return text.GetString() ?? "";
        }
        catch (JsonException) { }
        return payload;
    }
}
