using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Decides whether the retrieved sources are worth giving to the LLM at all: at least one must contain a
/// minimum fraction of the question's content terms. Below it the answer is "not found", and no LLM is called.
/// Retrieval scores are not used because BM25, cosine and fused scores live on different scales.</summary>
public sealed class RelevanceFloor(double minimumTermCoverage = 0.3)
{
    public bool AnyRelevant(string question, IReadOnlyList<RetrievedChunk> sources)
    {
        var questionTerms = TermNormalizer.Terms(question);
        if (questionTerms.Count == 0 || sources.Count == 0) return false;
        return sources.Any(s => TermNormalizer.Coverage(questionTerms, s.Text) >= minimumTermCoverage);
    }
}
