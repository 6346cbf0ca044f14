using Rag.Core.Retrieval;
using Rag.Infrastructure.Answering;
using Rag.Infrastructure.Retrieval;

namespace Rag.Api.Endpoints;

public static class RetrievalEndpoints
{
    public sealed record SearchBody(string? Collection, string? Query, int? Top, SearchMode? Mode, Guid? DocumentId);
    public sealed record AskBody(string? Collection, string? Question, int? Top, SearchMode? Mode);

    public sealed record Source(int N, Guid DocumentId, string FileName, int Page, int Start, int End, string Text, float Score);
    public sealed record SearchResponse(IReadOnlyList<Source> Results);
    public sealed record CitationInfo(int N, Guid DocumentId, string FileName, int Page, string Quote);
    public sealed record AskResponse(string Answer, bool Grounded, IReadOnlyList<CitationInfo> Citations, IReadOnlyList<Source> Sources);

    public static void MapRetrievalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/search", SearchAsync).WithTags("Retrieval");
        app.MapPost("/api/ask", AskAsync).WithTags("Retrieval");
    }

    private static async Task<SearchResponse> SearchAsync(SearchBody body, SearchService search, CancellationToken ct)
    {
        var results = await search.SearchAsync(new SearchRequest(body.Collection ?? "", body.Query ?? "", body.Top ?? 10, body.Mode, body.DocumentId), ct);
        return new SearchResponse(Numbered(results));
    }

    private static async Task<AskResponse> AskAsync(AskBody body, AskService ask, CancellationToken ct)
    {
        var result = await ask.AskAsync(new AskRequest(body.Collection ?? "", body.Question ?? "", body.Top ?? 5, body.Mode), ct);
        var answer = result.Answer;
        return new AskResponse(answer.Text, answer.Grounded,
            answer.Citations.Select(c => new CitationInfo(c.N, c.DocumentId, c.FileName, c.Page, c.Quote)).ToList(),
            Numbered(result.Sources));
    }

    private static List<Source> Numbered(IReadOnlyList<RetrievedChunk> chunks) =>
        chunks.Select((c, i) => new Source(i + 1, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Text, c.Score)).ToList();
}
