using Rag.Core.Answering;
using Rag.Core.Errors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Retrieval;

namespace Rag.Infrastructure.Answering;

public sealed record AskRequest(string Collection, string Question, int Top = 5, SearchMode? Mode = null);

public sealed record AskResult(GroundedAnswer Answer, IReadOnlyList<RetrievedChunk> Sources);

/// <summary>Retrieves sources for a question and answers from them, citing each claim by source number.</summary>
public sealed class AskService(SearchService search, ExtractiveAnswerer answerer)
{
    public async Task<AskResult> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
            throw new RequestRejectedException(RejectionKind.BadRequest, "Empty question", "The question is empty.");
        var sources = await search.SearchAsync(new SearchRequest(request.Collection, request.Question, request.Top, request.Mode), cancellationToken);
        return new AskResult(answerer.Answer(request.Question, sources), sources);
    }
}
