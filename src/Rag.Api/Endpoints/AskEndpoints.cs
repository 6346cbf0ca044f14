using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Rag.Api.Access;
using Rag.Application.Answering;
using Rag.Contracts;
using Rag.Core.Answering;
using static Rag.Api.Endpoints.RetrievalEndpoints;
using Citation = Rag.Contracts.Citation;

namespace Rag.Api.Endpoints;

/// <summary>POST /api/ask: JSON by default; with Accept: text/event-stream, "token" events as the answer is generated
/// and one final "answer" event carrying the verified answer, its citations and the sources; should answering fail once
/// the stream has started, a "problem" event (RFC 7807 problem details) ends it instead.</summary>
public static class AskEndpoints
{
    public static void MapAskEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/ask", AskAsync).WithTags("Retrieval").RequireRateLimiting(RateLimits.Queries);

    private static async Task<Results<Ok<AskResponse>, ServerSentEventsResult<object>>> AskAsync(AskBody body, HttpContext http, AskService ask, CancellationToken ct)
    {
        var conversation = body.Conversation?.Select(t => new ConversationMessage(t.Role?.ToLowerInvariant() ?? "", t.Content ?? "")).ToList();
        var prepared = await ask.PrepareAsync(new AskRequest(body.Collection ?? "", body.Question ?? "", body.Top ?? 5, body.Mode, conversation), ct);
        if (!EventStream.Requested(http.Request))
            return TypedResults.Ok(Response(await ask.CompleteAsync(prepared, ct)));
        return TypedResults.ServerSentEvents(EventStream.EndingInProblem(http, Events(ask.StreamAsync(prepared, ct)),
            problem => new SseItem<object>(problem, "problem")));
    }

    /// <summary>"token" events {text} as the answer is written, then one "answer" event with the verified answer.</summary>
    private static async IAsyncEnumerable<SseItem<object>> Events(IAsyncEnumerable<AskUpdate> updates)
    {
        await foreach (var update in updates)
        {
            if (update is AnswerDelta delta) yield return new SseItem<object>(new TokenEvent(delta.Text), "token");
            else if (update is AnswerCompleted done) yield return new SseItem<object>(Response(done.Result), "answer");
        }
    }

    public static AskResponse Response(AskResult result) =>
        new(result.Answer.Text, result.Answer.Grounded, result.StandaloneQuestion, result.Kind, Citations(result.Answer), Numbered(result.Sources),
            result.Retrieval.ToContract(), result.ExtractiveReason, result.Relevance.ToContract());

    public static List<Citation> Citations(GroundedAnswer answer) =>
        answer.Citations.Select(c => new Citation(c.N, c.DocumentId, c.FileName, c.Page, c.Quote)).ToList();
}
