using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rag.Testing.Hosting;

/// <summary>An OpenAI-compatible chat-completions server on loopback whose replies come from a script, so tests
/// assert on what the service does with a reply (and on the prompts it sent), not on any model's wording.
/// Speaks the real protocol: JSON completions, and with "stream": true, chat.completion.chunk events ending in [DONE].</summary>
public sealed class ScriptedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _requests = [];
    public Func<JsonObject, string> Script { get; set; } = _ => "";
    /// <summary>Pause before each streamed piece, to keep a stream flowing for a while.</summary>
    public TimeSpan PieceDelay { get; set; } = TimeSpan.Zero;
    public Uri Endpoint { get; }
    /// <summary>Statuses to answer the next requests with (recorded like the others), before the script answers again:
    /// a server that is loading its model or overloaded says 503.</summary>
    public Queue<int> Refusals { get; } = new();
    /// <summary>When set, a streamed reply breaks off (the connection is dropped) after this many pieces.</summary>
    public int? BreakAfterPieces { get; set; }

    private ScriptedChatServer(WebApplication app, Uri endpoint) => (_app, Endpoint) = (app, endpoint);

    public IReadOnlyList<JsonObject> Requests { get { lock (_requests) return _requests.ToList(); } }

    /// <summary>The messages of a recorded request as (role, content) pairs.</summary>
    public static List<(string Role, string Content)> Messages(JsonObject request) =>
        request["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), Content(m["content"]!))).ToList();

    private static string Content(JsonNode content) => content is JsonValue v
        ? v.GetValue<string>()
        : string.Concat(content.AsArray().Select(p => p!["text"]?.GetValue<string>()));

    public static async Task<ScriptedChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedChatServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.CompleteAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedChatServer(app, new Uri(address + "/v1"));
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        int? refusal;
        lock (_requests)
        {
            _requests.Add(request);
            refusal = Refusals.TryDequeue(out var status) ? status : null;
        }
        if (refusal is { } code)
        {
            context.Response.StatusCode = code;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["message"] = "scripted refusal", ["type"] = "server_error" } });
            return;
        }
        var reply = Script(request);
        var model = request["model"]?.GetValue<string>() ?? "";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-scripted", ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply }, ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var sent = 0;
        foreach (var piece in Pieces(reply))
        {
            if (sent++ == BreakAfterPieces)
            {
                await Task.Delay(200); // let what was flushed leave the socket: aborting drops output still queued
                context.Abort();
                return;
            }
            if (PieceDelay > TimeSpan.Zero) await Task.Delay(PieceDelay, context.RequestAborted);
            await WriteChunkAsync(context, created, model, new JsonObject { ["content"] = piece }, null);
        }
        await WriteChunkAsync(context, created, model, new JsonObject(), "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteChunkAsync(HttpContext context, long created, string model, JsonObject delta, string? finishReason)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-scripted", ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }

    /// <summary>The reply in pieces of up to three text elements, as a model streams tokens.</summary>
    private static IEnumerable<string> Pieces(string reply)
    {
        var elements = StringInfo.GetTextElementEnumerator(reply);
        var piece = "";
        int count = 0;
        while (elements.MoveNext())
        {
            piece += elements.GetTextElement();
            if (++count % 3 == 0) { yield return piece; piece = ""; }
        }
        if (piece.Length > 0) yield return piece;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
