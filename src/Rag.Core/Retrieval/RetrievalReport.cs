namespace Rag.Core.Retrieval;

/// <summary>How a search was run: the mode asked for (or the default), the retrieval legs that actually ran
/// ("keyword", "vector") and, when a leg was left out, why.</summary>
public sealed record RetrievalReport(string Mode, IReadOnlyList<string> Legs, string? Reason = null)
{
    public const string KeywordLeg = "keyword";
    public const string VectorLeg = "vector";
}
