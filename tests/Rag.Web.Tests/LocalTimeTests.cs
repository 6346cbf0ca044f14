using Microsoft.Extensions.DependencyInjection;
using Rag.Web.Components.Shared;
using Rag.Web.State;

namespace Rag.Web.Tests;

/// <summary>Times are shown on the reader's clock: the server (UTC in a container) asks the browser for its zone.</summary>
public sealed class LocalTimeTests : BunitContext
{
    private static readonly DateTimeOffset Uploaded = new(2026, 11, 27, 23, 30, 0, TimeSpan.Zero);

    public LocalTimeTests() => Services.AddScoped<BrowserTimeZone>();

    [Fact]
    public void A_time_shows_in_the_time_zone_the_browser_names()
    {
        JSInterop.SetupModule("./_content/Rag.Web/time-zone.js").Setup<string>("timeZone").SetResult("Asia/Tokyo");

        var time = Render<LocalTime>(p => p.Add(t => t.Value, Uploaded));

        time.WaitForAssertion(() => Assert.Equal("2026-11-28 08:30", time.Find("time").TextContent));
        Assert.Equal("2026-11-27T23:30:00Z", time.Find("time").GetAttribute("datetime"));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData(null)]
    public void Without_a_zone_this_server_knows_the_time_stays_in_UTC_and_says_so(string? zone)
    {
        var module = JSInterop.SetupModule("./_content/Rag.Web/time-zone.js");
        if (zone is null) module.Setup<string>("timeZone").SetException(new Microsoft.JSInterop.JSException("Intl is not available"));
        else module.Setup<string>("timeZone").SetResult(zone);

        var time = Render<LocalTime>(p => p.Add(t => t.Value, Uploaded));

        Assert.Equal("2026-11-27 23:30 UTC", time.Find("time").TextContent);
    }
}
