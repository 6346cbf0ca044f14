using Rag.Core.Retrieval;

namespace Rag.Core.Embedding;

public enum EmbeddingModelState { Ready, Disabled, Failed }

/// <summary>Whether vectors can be computed, and if not why: the service then retrieves by keywords only and says so.</summary>
public sealed record EmbeddingModelStatus(EmbeddingModelState State, string Model, string? Reason, LanguageCoverage Coverage)
{
    public static EmbeddingModelStatus Disabled(string reason) => new(EmbeddingModelState.Disabled, "none", reason, LanguageCoverage.Everything);
}
