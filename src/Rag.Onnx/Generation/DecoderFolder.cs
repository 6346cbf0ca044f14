using System.Text.Json;

namespace Rag.Onnx.Generation;

/// <summary>What a decoder model folder says about itself: files, cache shape, end-of-sequence ids, context length.</summary>
public sealed record DecoderFolder(string OnnxPath, string TokenizerPath, string? ChatTemplate, int Layers, int KeyValueHeads,
    int HeadDim, IReadOnlyList<int> EosTokenIds, int MaxPositions)
{
    public static DecoderFolder Load(string folder)
    {
        var onnx = new[] { "model.onnx", Path.Combine("onnx", "model.onnx"), "decoder_model_merged.onnx", Path.Combine("onnx", "decoder_model_merged.onnx") }
            .Select(p => Path.Combine(folder, p)).FirstOrDefault(File.Exists)
            ?? OnlyGraphIn(Path.Combine(folder, "onnx"))
            ?? throw new FileNotFoundException($"No model.onnx in {folder} or {folder}/onnx, and not exactly one .onnx file in {folder}/onnx.");
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "config.json")));
        var c = config.RootElement;
        int heads = c.GetProperty("num_attention_heads").GetInt32();
        int headDim = c.TryGetProperty("head_dim", out var hd) ? hd.GetInt32() : c.GetProperty("hidden_size").GetInt32() / heads;
        var eos = c.TryGetProperty("eos_token_id", out var e)
            ? e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetInt32()).ToList() : [e.GetInt32()]
            : new List<int>();
        return new DecoderFolder(onnx, Path.Combine(folder, "tokenizer.json"), ChatTemplateIn(folder),
            c.GetProperty("num_hidden_layers").GetInt32(),
            c.TryGetProperty("num_key_value_heads", out var kv) ? kv.GetInt32() : heads,
            headDim, eos,
            c.TryGetProperty("max_position_embeddings", out var mp) ? mp.GetInt32() : 2048);
    }

    /// <summary>tokenizer_config.json's chat_template, if the folder has one.</summary>
    internal static string? ChatTemplateIn(string folder)
    {
        var tokenizerConfig = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(tokenizerConfig)) return null;
        using var tc = JsonDocument.Parse(File.ReadAllBytes(tokenizerConfig));
        return tc.RootElement.TryGetProperty("chat_template", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
    }

    /// <summary>A folder holding one quantized export (e.g. onnx/model_quantized.onnx, as the first-run download fetches).</summary>
    private static string? OnlyGraphIn(string directory) =>
        Directory.Exists(directory) && Directory.GetFiles(directory, "*.onnx") is [var only] ? only : null;
}
