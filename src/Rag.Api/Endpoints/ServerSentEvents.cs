using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Rag.Api.Endpoints;

/// <summary>Writes a text/event-stream response one event at a time, flushed at once so each token is seen as it comes.</summary>
public sealed class ServerSentEvents
{
    private readonly HttpResponse _response;
    private readonly JsonSerializerOptions _json;

    private ServerSentEvents(HttpResponse response, JsonSerializerOptions json) => (_response, _json) = (response, json);

    public static async Task<ServerSentEvents> StartAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted);
        return new ServerSentEvents(response, context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
    }

    public static bool Requested(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    public Task WriteAsync<T>(string? eventName, T data, CancellationToken ct) =>
        WriteRawAsync(eventName, JsonSerializer.Serialize(data, _json), ct);

    public async Task WriteRawAsync(string? eventName, string data, CancellationToken ct)
    {
        var frame = eventName is null ? $"data: {data}\n\n" : $"event: {eventName}\ndata: {data}\n\n";
        await _response.WriteAsync(frame, ct);
        await _response.Body.FlushAsync(ct);
    }
}
