using System.Text.Json;

namespace Rag.Onnx.Generation;

/// <summary>Chooses the tokenizer family from tokenizer.json: WordPiece (BERT vocabularies), SentencePiece-style BPE
/// (byte_fallback, "▁" for spaces: Llama 2, Mistral, TinyLlama) or byte-level BPE (GPT-2, SmolLM2, Llama 3).</summary>
public static class DecoderTokenizer
{
    public static IDecoderTokenizer FromFile(string tokenizerJsonPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
        var model = json.RootElement.GetProperty("model");
        return model.GetProperty("type").GetString() switch
        {
            "WordPiece" => WordPieceDecoderTokenizer.FromFile(tokenizerJsonPath),
            "BPE" when model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True
                => SentencePieceBpe.FromJson(json.RootElement),
            "BPE" => ByteLevelBpe.FromFile(tokenizerJsonPath),
            var other => throw new NotSupportedException($"{tokenizerJsonPath}: tokenizer model '{other}' is not supported by the decoder."),
        };
    }
}
