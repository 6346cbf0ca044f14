using Microsoft.Extensions.AI;

namespace Rag.Core.Embedding;

/// <summary>How callers tell an embedding generator that a text is a search query rather than a passage
/// (models such as bge and e5 prefix the two differently).</summary>
public static class EmbeddingPurpose
{
    public const string Property = "input_type";
    public const string Query = "query";

    public static EmbeddingGenerationOptions ForQuery() => new() { AdditionalProperties = new() { [Property] = Query } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Property, out var value) == true
        && Query.Equals(value as string, StringComparison.OrdinalIgnoreCase);
}
