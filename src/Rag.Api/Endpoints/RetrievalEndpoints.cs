using Rag.Api.Access;
using Rag.Application.Retrieval;
using Rag.Contracts;
using Rag.Core.Retrieval;

namespace Rag.Api.Endpoints;

public static class RetrievalEndpoints
{
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
        return new SearchResponse(Numbered(results.Chunks), results.Retrieval.ToContract());
    }

    public static List<Source> Numbered(IReadOnlyList<RetrievedChunk> chunks) =>
        chunks.Select((c, i) => new Source(i + 1, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Text, c.Score)).ToList();
}
