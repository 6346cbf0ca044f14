using System.Net;
using System.Text;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>What operators rely on: health endpoints for orchestrators and back-pressure instead of an unbounded queue.</summary>
public sealed class OperationalTests
{
    [Fact]
    public async Task Live_and_ready_health_endpoints_answer()
    {
        await using var service = await InProcessService.StartAsync();
        var http = service.Client.Http;

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Uploads_beyond_the_queue_limit_get_429_with_retry_after_and_nothing_is_stored()
    {
        await using var service = await InProcessService.StartAsync(["--Rag:Upload:MaxQueuedDocuments=2"]);
        var api = service.Client;
        await api.CreateCollectionAsync("busy");

        var response = await api.UploadAsync("busy",
            ("a.txt", Encoding.UTF8.GetBytes("first")), ("b.txt", Encoding.UTF8.GetBytes("second")), ("c.txt", Encoding.UTF8.GetBytes("third")));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("limit 2", (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
        Assert.Equal("[]", await api.Http.GetStringAsync("/api/collections/busy/documents"));

        var accepted = await api.UploadOkAsync("busy", ("a.txt", Encoding.UTF8.GetBytes("first")), ("b.txt", Encoding.UTF8.GetBytes("second")));
        Assert.Equal(2, accepted.Count);
    }

    [Fact]
    public async Task A_json_body_beyond_the_limit_gets_413_while_uploads_keep_their_own_limit()
    {
        await using var service = await InProcessService.StartAsync(["--Rag:Api:MaxJsonBodyBytes=10000"]);
        var api = service.Client;
        await api.CreateCollectionAsync("limits");

        var huge = new StringContent($$"""{"collection":"limits","query":"{{new string('a', 20_000)}}"}""", Encoding.UTF8, "application/json");
        var response = await api.Http.PostAsync("/api/search", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var ids = await api.UploadOkAsync("limits", ("big.txt", Encoding.UTF8.GetBytes(string.Join(' ', Enumerable.Repeat("pump pressure", 5_000)))));
        Assert.Equal("ready", (await api.ReadyAsync(ids.Single()))["status"]!.GetValue<string>());
    }
}
