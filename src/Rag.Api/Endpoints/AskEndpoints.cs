using Microsoft.AspNetCore.Http.HttpResults;
using Rag.Api.Access;
using Rag.Core.Answering;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.Retrieval;
using static Rag.Api.Endpoints.RetrievalEndpoints;

namespace Rag.Api.Endpoints;

/// <summary>POST /api/ask: JSON by default; with Accept: text/event-stream, "token" events as the answer is generated
/// and one final "answer" event carrying the verified answer, its citations and the sources.</summary>
public static class AskEndpoints
{
    public sealed record TurnBody(string? Role, string? Content);
    public sealed record AskBody(string? Collection, string? Question, int? Top, SearchMode? Mode, List<TurnBody>? Conversation);

    public sealed record CitationInfo(int N, Guid DocumentId, string FileName, int Page, string Quote);
    /// <summary>Retrieval: how the sources were found. ExtractiveReason: set when the answer was picked from the sources
    /// because no LLM could write it, and why.</summary>
    public sealed record AskResponse(string Answer, bool Grounded, string Question, IReadOnlyList<CitationInfo> Citations, IReadOnlyList<Source> Sources,
        RetrievalReport Retrieval, string? ExtractiveReason);
    public sealed record TokenEvent(string Text);

    public static void MapAskEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/ask", AskAsync).WithTags("Retrieval").RequireRateLimiting(RateLimits.Queries);

    private static async Task<Results<Ok<AskResponse>, EmptyHttpResult>> AskAsync(AskBody body, HttpContext http, AskService ask, CancellationToken ct)
    {
        var conversation = body.Conversation?.Select(t => new ConversationTurn(t.Role?.ToLowerInvariant() ?? "", t.Content!)).ToList();
        var prepared = await ask.PrepareAsync(new AskRequest(body.Collection ?? "", body.Question ?? "", body.Top ?? 5, body.Mode, conversation), ct);
        if (!ServerSentEvents.Requested(http.Request))
            return TypedResults.Ok(Response(await ask.CompleteAsync(prepared, ct)));

        var events = await ServerSentEvents.StartAsync(http);
        await foreach (var update in ask.StreamAsync(prepared, ct))
        {
            if (update is AnswerDelta delta) await events.WriteAsync("token", new TokenEvent(delta.Text), ct);
            else if (update is AnswerCompleted done) await events.WriteAsync("answer", Response(done.Result), ct);
        }
        return TypedResults.Empty;
    }

    public static AskResponse Response(AskResult result) =>
        new(result.Answer.Text, result.Answer.Grounded, result.StandaloneQuestion, Citations(result.Answer), Numbered(result.Sources), result.Retrieval,
            result.ExtractiveReason);

    public static List<CitationInfo> Citations(GroundedAnswer answer) =>
        answer.Citations.Select(c => new CitationInfo(c.N, c.DocumentId, c.FileName, c.Page, c.Quote)).ToList();
}
