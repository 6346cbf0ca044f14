using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Rag.Web.Api;

/// <summary>Reads an answer as POST /api/ask streams it: "token" events (<c>{"text": …}</c>, the next piece of the
/// answer), then one "answer" event with the whole verified answer, its citations and sources; or a "problem" event
/// (RFC 7807 problem details) when answering failed after the stream started.</summary>
public static class AskStream
{
    private sealed record TokenEvent(string Text);

    public static async Task<AskResponse> ReadAsync(Stream stream, Action<string> onToken, CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            switch (item.EventType)
            {
                case "token": onToken(Read<TokenEvent>(item.Data).Text); break;
                case "answer": return Read<AskResponse>(item.Data);
                case "problem": throw ApiProblemException.From(StatusOf(item.Data), item.Data);
            }
        }
        throw new ApiProblemException("The answer stream ended before the answer was complete.", 502);
    }

    private static int StatusOf(string problem)
    {
        try
        {
            using var json = JsonDocument.Parse(problem);
            return json.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : 502;
        }
        catch (JsonException) { return 502; }
    }

    private static T Read<T>(string data) =>
        JsonSerializer.Deserialize<T>(data, RagApi.Json) ?? throw new ApiProblemException("The service sent an empty event.", 502);
}
