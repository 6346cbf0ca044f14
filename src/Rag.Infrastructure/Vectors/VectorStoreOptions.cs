using System.ComponentModel.DataAnnotations;
using Rag.Infrastructure.Vectors.Qdrant;

namespace Rag.Infrastructure.Vectors;

/// <summary>Where vectors live (<c>Rag:VectorStore</c>): on local disk (embedded) or in Qdrant.</summary>
public sealed class VectorStoreOptions
{
    public const string SectionName = "Rag:VectorStore";
    public const string EmbeddedProvider = "embedded";
    public const string QdrantProvider = "qdrant";

    [AllowedValues(EmbeddedProvider, QdrantProvider, ErrorMessage = "use 'embedded' or 'qdrant'.")]
    public string Provider { get; set; } = EmbeddedProvider;

    public QdrantOptions Qdrant { get; set; } = new();
}
