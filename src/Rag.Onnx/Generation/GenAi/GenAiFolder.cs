using System.Text.Json;

namespace Rag.Onnx.Generation;

/// <summary>What an ONNX Runtime GenAI model folder says about itself (genai_config.json, the layout of many published
/// ONNX LLMs): model type, decoder graph, special ids, context length; and the tokenizer files our tokenizer and chat
/// template read (tokenizer.json, tokenizer_config.json).</summary>
public sealed record GenAiFolder(string Folder, string ModelType, string OnnxPath, string TokenizerPath, string? ChatTemplate,
    int Layers, IReadOnlyList<int> EosTokenIds, int ContextLength, int VocabSize)
{
    public const string ConfigFile = "genai_config.json";

    public static bool IsGenAiFolder(string folder) => File.Exists(Path.Combine(folder, ConfigFile));

    public static GenAiFolder Load(string folder)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, ConfigFile)));
        var model = config.RootElement.GetProperty("model");
        var decoder = model.GetProperty("decoder");
        var eos = model.TryGetProperty("eos_token_id", out var e)
            ? e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetInt32()).ToList() : [e.GetInt32()]
            : new List<int>();
        var tokenizer = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(tokenizer)) throw new FileNotFoundException($"{folder} has {ConfigFile} but no tokenizer.json.", tokenizer);
        return new GenAiFolder(folder,
            model.GetProperty("type").GetString() ?? "",
            Path.Combine(folder, decoder.GetProperty("filename").GetString() ?? "model.onnx"),
            tokenizer,
            DecoderFolder.ChatTemplateIn(folder),
            decoder.TryGetProperty("num_hidden_layers", out var layers) ? layers.GetInt32() : 0,
            eos,
            model.GetProperty("context_length").GetInt32(),
            model.TryGetProperty("vocab_size", out var vocab) ? vocab.GetInt32() : 0);
    }
}
