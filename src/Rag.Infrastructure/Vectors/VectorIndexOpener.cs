using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors;

/// <summary>Opens the vector index of one embedding model (by its fingerprint and width) in the configured vector
/// store; each store's registration (AddEmbeddedVectorIndex, AddQdrantVectorIndex) provides one.</summary>
public delegate IVectorIndex VectorIndexOpener(string fingerprint, int dimensions);
