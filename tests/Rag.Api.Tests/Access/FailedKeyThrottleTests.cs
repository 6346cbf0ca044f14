using System.Net;
using System.Text.RegularExpressions;
using Rag.Infrastructure.Diagnostics;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Access;

/// <summary>Guessing keys: wrong keys from one client address are throttled, in the API and on the UI's sign-in form,
/// while other addresses go on. The clients connect from other loopback addresses (127.0.0.x) to be other addresses.</summary>
public sealed class FailedKeyThrottleTests : IAsyncLifetime
{
    private InProcessService _service = null!;

    public async Task InitializeAsync() =>
        _service = await InProcessService.StartAsync("--Rag:Auth:FailedAttemptsBurst=3", "--Rag:Auth:FailedAttemptsPerMinute=1");

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task After_a_burst_of_wrong_keys_an_address_gets_429_even_for_the_right_key_while_other_addresses_go_on()
    {
        using var telemetry = new TelemetryRecorder();
        using var guesser = From("127.0.0.2");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKey(guesser, "rag_guess-" + i)).StatusCode);

        var refused = await GetWithKey(guesser, "rag_guess-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("Too many wrong API keys", (await RagClient.ProblemAsync(refused))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetWithKey(guesser, RagClient.AdminKey)).StatusCode);
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "rag.requests.throttled" && Equals(m.Tags[RagTelemetry.Reason], "failed_keys"));

        using var other = From("127.0.0.3");
        Assert.Equal(HttpStatusCode.OK, (await GetWithKey(other, RagClient.AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithKey(other, "rag_guess-elsewhere")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_throttles_wrong_keys_per_browser_address_and_the_UI_keeps_working_for_others()
    {
        using var guesser = From("127.0.0.4");
        for (var i = 0; i < 3; i++)
        {
            var wrong = await SignInAsync(guesser, "rag_guess-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("That key is not valid or has been revoked.", await wrong.Content.ReadAsStringAsync());
        }

        var refused = await SignInAsync(guesser, RagClient.AdminKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("Too many wrong API keys", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        // The sign-in checks go through the UI's own loopback calls: those wrong keys did not block the UI or loopback.
        using var person = From("127.0.0.5");
        var signedIn = await SignInAsync(person, RagClient.AdminKey);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rag_session="));
        Assert.Equal(HttpStatusCode.OK, (await _service.Client.Http.GetAsync("/api/collections")).StatusCode);
    }

    private static Task<HttpResponseMessage> GetWithKey(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Authorization = new("Bearer", key);
        return client.SendAsync(request);
    }

    /// <summary>Posts the sign-in form as a browser does: the page's hidden fields (antiforgery token, form name) and the key.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        var page = await browser.GetStringAsync("/signin");
        var fields = Regex.Matches(page, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Key"] = key;
        return await browser.PostAsync("/signin", new FormUrlEncodedContent(fields));
    }

    private HttpClient From(string source) => _service.ClientFrom(source);
}
