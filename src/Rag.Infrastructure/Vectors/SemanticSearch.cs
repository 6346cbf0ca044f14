using System.Diagnostics.CodeAnalysis;
using Rag.Core.Embedding;

namespace Rag.Infrastructure.Vectors;

/// <summary>Whether this run can embed and search vectors: the semantic index when an embedding model runs, and the
/// model's status either way (why there are no vectors, which languages the model covers). Always registered; the
/// classes that use vectors ask it instead of taking an optional dependency.</summary>
public sealed class SemanticSearch(EmbeddingModelStatus status, SemanticIndex? index) : IAsyncDisposable
{
    public static SemanticSearch Unavailable(EmbeddingModelStatus status) => new(status, null);

    public EmbeddingModelStatus Status => status;

    public bool TryGetIndex([NotNullWhen(true)] out SemanticIndex? semantic)
    {
        semantic = index;
        return semantic is not null;
    }

    public ValueTask DisposeAsync() => index?.DisposeAsync() ?? ValueTask.CompletedTask;
}
