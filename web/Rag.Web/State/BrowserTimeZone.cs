using Microsoft.JSInterop;

namespace Rag.Web.State;

/// <summary>The reader's time zone, asked of the browser once per circuit: the server's own zone (UTC in a container)
/// is not the reader's. Null until known, and when the browser names a zone this server does not know.</summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private Task<TimeZoneInfo?>? _asking;

    public TimeZoneInfo? Known { get; private set; }

    public Task<TimeZoneInfo?> GetAsync() => _asking ??= AskAsync();

    private async Task<TimeZoneInfo?> AskAsync()
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./_content/Rag.Web/time-zone.js");
            return Known = TimeZoneInfo.FindSystemTimeZoneById(await module.InvokeAsync<string>("timeZone"));
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TimeZoneNotFoundException or InvalidTimeZoneException or TaskCanceledException)
        {
            return null; // times stay in UTC, labelled so
        }
    }
}
