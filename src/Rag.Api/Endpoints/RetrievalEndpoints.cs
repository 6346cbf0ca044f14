using Rag.Api.Access;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Retrieval;

namespace Rag.Api.Endpoints;

public static class RetrievalEndpoints
{
    public sealed record SearchBody(string? Collection, string? Query, int? Top, SearchMode? Mode, Guid? DocumentId);

    public sealed record Source(int N, Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);
    public sealed record SearchResponse(IReadOnlyList<Source> Results, RetrievalReport Retrieval);

    public static void MapRetrievalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/search", SearchAsync).WithTags("Retrieval").RequireRateLimiting(RateLimits.Queries);
        app.MapAskEndpoints();
        app.MapChatCompletionEndpoints();
    }

    private static async Task<SearchResponse> SearchAsync(SearchBody body, SearchService search, QueryOptions limits, CancellationToken ct)
    {
        limits.CheckLength(body.Query ?? "", "query");
        var results = await search.SearchAsync(new SearchRequest(body.Collection ?? "", body.Query ?? "", body.Top ?? 10, body.Mode, body.DocumentId), ct);
        return new SearchResponse(Numbered(results.Chunks), results.Retrieval);
    }

    public static List<Source> Numbered(IReadOnlyList<RetrievedChunk> chunks) =>
        chunks.Select((c, i) => new Source(i + 1, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Text, c.Score)).ToList();
}
