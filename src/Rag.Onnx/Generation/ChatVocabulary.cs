namespace Rag.Onnx.Generation;

/// <summary>What a decoder folder's tokenizer and chat template give every engine: the tokenizer, the template detected
/// from its special tokens, and the ids that end a reply (the folder's end-of-sequence ids and the template's end of turn).</summary>
internal sealed record ChatVocabulary(IDecoderTokenizer Tokenizer, ChatTemplate Template, IReadOnlySet<int> StopIds)
{
    public static ChatVocabulary Load(string tokenizerPath, string? chatTemplate, IEnumerable<int> eosTokenIds)
    {
        var tokenizer = DecoderTokenizer.FromFile(tokenizerPath);
        var template = ChatTemplate.Detect(chatTemplate, tokenizer.SpecialTokens);
        var stopIds = eosTokenIds.Append(tokenizer.SpecialId(template.EndOfTurn) ?? -1).Where(i => i >= 0).ToHashSet();
        return new ChatVocabulary(tokenizer, template, stopIds);
    }

    /// <summary>The configured context length (0: the model's), never more than the model holds.</summary>
    public static int ContextLength(int configured, int modelMaximum) =>
        configured > 0 ? Math.Min(configured, modelMaximum) : modelMaximum;
}
