using System.ComponentModel.DataAnnotations;

namespace Rag.Core.Chunking;

/// <summary>Chunk size and overlap in tokens of the embedding model's tokenizer.</summary>
public sealed class ChunkingOptions
{
    [Range(8, 8192)]
    public int MaxTokens { get; set; } = 256;

    [Range(0, 4096)]
    public int OverlapTokens { get; set; } = 32;

    /// <summary>A folder with vocab.txt or tokenizer.json whose WordPiece tokens size chunks; when set it wins over the
    /// embedding model's own tokenizer, else that one is used, else an approximate count.</summary>
    public string? TokenizerPath { get; set; }
}
