namespace Rag.Api.Tests.Support;

public sealed record ServerSentEvent(string? Name, string Data);

/// <summary>Reads a text/event-stream response event by event, as it arrives.</summary>
public static class ServerSentEventReader
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0) yield return new ServerSentEvent(name, string.Join("\n", data));
                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event:")) name = line[6..].Trim();
            else if (line.StartsWith("data:")) data.Add(line[5..].TrimStart());
        }
        if (data.Count > 0) yield return new ServerSentEvent(name, string.Join("\n", data));
    }
}
