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
}
