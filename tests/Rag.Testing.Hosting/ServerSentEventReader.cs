using System.Net.ServerSentEvents;

namespace Rag.Testing.Hosting;

/// <summary>Reads a text/event-stream response event by event, as it arrives, with the BCL's parser (the UI uses the same).
/// An event without an "event:" line has the type "message".</summary>
public static class ServerSentEventReader
{
    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(HttpResponseMessage response)
    {
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
            yield return item;
    }
}
