using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;

namespace Rag.Api.Endpoints;

/// <summary>What the streaming endpoints share around <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>:
/// whether the client asked for a stream, and a failure after the stream started ending it with one last event that
/// says so, where it could otherwise only be cut off (the status line has been sent).</summary>
public static class EventStream
{
    public const string ContentType = "text/event-stream";

    public static bool Requested(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains(ContentType, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The problem a stream ends with when answering fails half-way: logged in full, told in general.</summary>
    public static ProblemDetails Interrupted() => new()
    {
        Status = StatusCodes.Status502BadGateway,
        Title = "Answer interrupted",
        Detail = "The answer could not be completed: the language model failed while writing it. It has been logged; try again.",
    };

    /// <summary>The events, then, if producing them throws, <paramref name="failed"/>'s event in place of the rest. A
    /// request the client gave up on ends quietly. Also keeps proxies (nginx) from buffering the stream.</summary>
    public static IAsyncEnumerable<SseItem<T>> EndingInProblem<T>(HttpContext http, IAsyncEnumerable<SseItem<T>> events, Func<ProblemDetails, SseItem<T>> failed)
    {
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return Guard(events, failed, http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EventStream)), http.RequestAborted);
    }

    private static async IAsyncEnumerable<SseItem<T>> Guard<T>(IAsyncEnumerable<SseItem<T>> events, Func<ProblemDetails, SseItem<T>> failed,
        ILogger logger, [EnumeratorCancellation] CancellationToken aborted)
    {
        await using var items = events.GetAsyncEnumerator(aborted);
        while (true)
        {
            SseItem<T>? problem = null;
            try
            {
                if (!await items.MoveNextAsync()) yield break;
            }
            catch (Exception e) when (!aborted.IsCancellationRequested)
            {
                logger.LogError(e, "A streamed answer failed after the stream started");
                problem = failed(Interrupted());
            }
            if (problem is { } last)
            {
                yield return last;
                yield break;
            }
            yield return items.Current;
        }
    }
}
