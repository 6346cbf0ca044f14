namespace Rag.Core.Chunking;

/// <summary>Chunk size and overlap in tokens of the embedding model's tokenizer.</summary>
public sealed class ChunkingOptions
{
    public int MaxTokens { get; set; } = 256;
    public int OverlapTokens { get; set; } = 32;
}
