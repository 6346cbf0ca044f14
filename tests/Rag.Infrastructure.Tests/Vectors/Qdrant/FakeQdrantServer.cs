using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rag.Infrastructure.Tests.Vectors.Qdrant;

internal sealed record RecordedRequest(string Method, string PathAndQuery, JsonNode? Body, string? ApiKey)
{
    public string Path => PathAndQuery.Split('?')[0];
}

internal sealed record FakeResponse(int Status, string Body, TimeSpan Delay = default);

/// <summary>Kestrel on a loopback port answering like Qdrant's REST API, recording every request it receives.
/// <see cref="Respond"/> decides the answers; by default, Qdrant's success envelopes.</summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeQdrantServer(WebApplication app)
    {
        _app = app;
        Respond = Success;
    }

    public string Url => _app.Urls.Single();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public Func<RecordedRequest, FakeResponse> Respond { get; set; }

    /// <summary>Names returned by GET /collections.</summary>
    public List<string> Collections { get; } = [];

    public static async Task<FakeQdrantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeQdrantServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public static FakeResponse Ok(string resultJson) => new(200, $$"""{"result":{{resultJson}},"status":"ok","time":0.001}""");

    public static FakeResponse Error(int status, string message) =>
        new(status, new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.0 }.ToJsonString());

    public FakeResponse Success(RecordedRequest request) => (request.Method, request.Path) switch
    {
        ("GET", "/collections") => Ok(new JsonObject { ["collections"] = new JsonArray(Collections.Select(name => (JsonNode)new JsonObject { ["name"] = name }).ToArray()) }.ToJsonString()),
        ("GET", var path) when path.EndsWith("/exists") => Ok("""{"exists":false}"""),
        ("POST", var path) when path.EndsWith("/points/query") => Ok("""{"points":[]}"""),
        ("PUT" or "DELETE", var path) when path.Count(c => c == '/') == 2 => Ok("true"),
        _ => Ok("""{"operation_id":1,"status":"completed"}"""),
    };

    private async Task HandleAsync(HttpContext context)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            text.Length == 0 ? null : JsonNode.Parse(text), context.Request.Headers["api-key"].FirstOrDefault());
        _requests.Enqueue(request);
        var response = Respond(request);
        if (response.Delay > TimeSpan.Zero)
            await Task.Delay(response.Delay, context.RequestAborted);
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
