using System.Text;
using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>Reads an answer as POST /api/ask streams it: "token" events (<c>{"text": …}</c>, the next piece of the
/// answer), then one "answer" event with the whole verified answer, its citations and sources.</summary>
public static class AskStream
{
    private sealed record TokenEvent(string Text);

    public static async Task<AskAnswer> ReadAsync(Stream stream, Action<string> onToken, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var (eventName, data) = ("", new StringBuilder());
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:")) eventName = FieldValue(line);
            else if (line.StartsWith("data:")) data.Append(data.Length > 0 ? "\n" : "").Append(FieldValue(line));
            else if (line.Length == 0 && data.Length > 0)
            {
                switch (eventName)
                {
                    case "token": onToken(Read<TokenEvent>(data).Text); break;
                    case "answer": return Read<AskAnswer>(data);
                }
                (eventName, data) = ("", new StringBuilder());
            }
        }
        throw new ApiProblemException("The answer stream ended before the answer was complete.", 502);
    }

    private static string FieldValue(string line)
    {
        var value = line[(line.IndexOf(':') + 1)..];
        return value.StartsWith(' ') ? value[1..] : value;
    }

    private static T Read<T>(StringBuilder data) =>
        JsonSerializer.Deserialize<T>(data.ToString(), RagApi.Json) ?? throw new ApiProblemException("The service sent an empty event.", 502);
}
