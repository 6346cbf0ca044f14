using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Rag.Infrastructure.Diagnostics;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Access;

/// <summary>The access settings as an operator uses them: the admin key (configured or generated), rate limits,
/// CORS and switching authentication off.</summary>
public sealed class AccessSettingsTests
{
    [Fact]
    public async Task Without_a_configured_admin_key_one_is_generated_into_an_owner_only_file_and_kept()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string generated;
            await using (var service = await InProcessService.StartInAsync(directory, "--Rag:Auth:AdminKey="))
            {
                var file = Path.Combine(directory, "admin-key.txt");
                if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                generated = (await File.ReadAllTextAsync(file)).Trim();
                Assert.Equal(HttpStatusCode.Created, (await service.ClientWith(generated).Http.PostAsJsonAsync("/api/collections", new { name = "first" }))
                    .StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.Http.GetAsync("/api/collections")).StatusCode);
            }
            await using (var restarted = await InProcessService.StartInAsync(directory, "--Rag:Auth:AdminKey="))
                Assert.Equal(HttpStatusCode.OK, (await restarted.ClientWith(generated).Http.GetAsync("/api/collections/first")).StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Changing_the_configured_admin_key_replaces_the_old_one()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            const string firstKey = "first-admin-key-0123456789abcdefghij", secondKey = "second-admin-key-0123456789abcdefghij";
            await using (var first = await InProcessService.StartInAsync(directory, $"--Rag:Auth:AdminKey={firstKey}"))
                Assert.Equal(HttpStatusCode.OK, (await first.ClientWith(firstKey).Http.GetAsync("/api/keys")).StatusCode);
            await using var second = await InProcessService.StartInAsync(directory, $"--Rag:Auth:AdminKey={secondKey}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await second.ClientWith(firstKey).Http.GetAsync("/api/keys")).StatusCode);
            var keys = (await second.ClientWith(secondKey).Http.GetFromJsonAsync<JsonArray>("/api/keys"))!;
            Assert.Single(keys);
            Assert.False(File.Exists(Path.Combine(directory, "admin-key.txt")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_key_over_its_query_rate_gets_429_with_Retry_After_while_other_keys_go_on()
    {
        using var telemetry = new TelemetryRecorder();
        await using var service = await InProcessService.StartAsync("--Rag:RateLimit:QueriesPerMinute=2");
        await service.Client.CreateCollectionAsync("limited");
        var created = await service.Client.Http.PostAsJsonAsync("/api/keys", new { name = "other", collections = new[] { new { collection = "limited", access = "read" } } });
        var other = service.ClientWith((await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>());
        var query = new { collection = "limited", query = "anything" };

        for (int i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await service.Client.Http.PostAsJsonAsync("/api/search", query)).StatusCode);
        var refused = await service.Client.Http.PostAsJsonAsync("/api/ask", new { collection = "limited", question = "anything?" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(429, (await RagClient.ProblemAsync(refused))["status"]!.GetValue<int>());
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "rag.requests.throttled" && Equals(m.Tags[RagTelemetry.Reason], "rate_limit"));
        Assert.Equal(HttpStatusCode.OK, (await other.Http.PostAsJsonAsync("/api/search", query)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.Http.GetAsync("/api/collections/limited")).StatusCode);
    }

    [Fact]
    public async Task CORS_is_closed_by_default_and_open_only_to_the_configured_origins()
    {
        await using (var closed = await InProcessService.StartAsync())
        {
            var response = await closed.Client.Http.SendAsync(Preflight("https://evil.example"));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        await using var open = await InProcessService.StartAsync("--Rag:Cors:AllowedOrigins=https://app.example, https://other.example");
        var allowed = await open.ClientWith(null).Http.SendAsync(Preflight("https://app.example"));
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var foreign = await open.ClientWith(null).Http.SendAsync(Preflight("https://evil.example"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task With_authentication_off_everything_works_without_a_key_and_every_response_says_so()
    {
        await using var service = await InProcessService.StartAsync("--Rag:Auth:Enabled=false");
        var anonymous = service.ClientWith(null);

        var created = await anonymous.Http.PostAsJsonAsync("/api/collections", new { name = "open" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("disabled", created.Headers.GetValues("X-Rag-Auth").Single());
        Assert.Equal("disabled", (await anonymous.Http.GetAsync("/health")).Headers.GetValues("X-Rag-Auth").Single());
        var me = (await anonymous.Http.GetFromJsonAsync<JsonObject>("/api/auth/me"))!;
        Assert.False(me["authEnabled"]!.GetValue<bool>());
        Assert.True(me["admin"]!.GetValue<bool>());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/search");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
