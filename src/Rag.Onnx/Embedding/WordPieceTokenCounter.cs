using Rag.Core.Chunking;

namespace Rag.Onnx.Embedding;

/// <summary>
/// Counts text tokens with the embedding model's own tokenizer. [CLS] and [SEP] are not counted:
/// a chunk fits the model when its count is at most <see cref="MaxContentTokens"/>.
/// </summary>
public sealed class WordPieceTokenCounter(SentenceTokenizer tokenizer) : ITokenCounter
{
    public int MaxContentTokens => tokenizer.MaxSequenceLength - 2;

    public int CountTokens(string text) => tokenizer.CountContentTokens(text);

    /// <summary>A counter from a folder's tokenizer files alone (vocab.txt / tokenizer.json), no ONNX model needed.</summary>
    public static WordPieceTokenCounter FromTokenizerFolder(string folder, int maxSequenceLength = 512) =>
        new(new SentenceTokenizer(WordPieceSettings.Detect(folder, JsonFile.TryRead(Path.Combine(folder, "tokenizer_config.json"))), maxSequenceLength));
}
