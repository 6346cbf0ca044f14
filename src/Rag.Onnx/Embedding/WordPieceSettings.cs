using System.Text;
using System.Text.Json.Nodes;

namespace Rag.Onnx.Embedding;

/// <summary>How the folder's BERT tokenizer normalises text, and where its vocabulary comes from.</summary>
public sealed record WordPieceSettings(
    string? VocabFile,
    string? TokenizerJsonFile,
    bool LowerCase,
    bool StripAccents,
    bool SplitChineseCharacters,
    string UnknownToken,
    string ContinuingSubwordPrefix,
    int MaxInputCharsPerWord)
{
    public static WordPieceSettings Detect(string folder, JsonObject? tokenizerConfig)
    {
        var vocab = Path.Combine(folder, "vocab.txt");
        var tokenizerJsonPath = Path.Combine(folder, "tokenizer.json");
        var tokenizerJson = JsonFile.TryRead(tokenizerJsonPath);
        if (!File.Exists(vocab) && tokenizerJson is null)
            throw new FileNotFoundException($"{folder}: neither vocab.txt nor tokenizer.json found.");

        var normalizer = FindBertNormalizer(tokenizerJson?["normalizer"]);
        var model = tokenizerJson?["model"] as JsonObject;
        if (model is not null && JsonFile.String(model, "type") is { } type && type != "WordPiece")
            throw new NotSupportedException($"{folder}: tokenizer model '{type}' is not WordPiece.");

        var lowerCase = JsonFile.Bool(normalizer, "lowercase") ?? JsonFile.Bool(tokenizerConfig, "do_lower_case") ?? true;
        // transformers: strip_accents null means "same as lowercase".
        var stripAccents = JsonFile.Bool(normalizer, "strip_accents") ?? JsonFile.Bool(tokenizerConfig, "strip_accents") ?? lowerCase;
        return new WordPieceSettings(
            File.Exists(vocab) ? vocab : null,
            tokenizerJson is null ? null : tokenizerJsonPath,
            lowerCase,
            stripAccents,
            JsonFile.Bool(normalizer, "handle_chinese_chars") ?? JsonFile.Bool(tokenizerConfig, "tokenize_chinese_chars") ?? true,
            JsonFile.String(model, "unk_token") ?? "[UNK]",
            JsonFile.String(model, "continuing_subword_prefix") ?? "##",
            JsonFile.Int(model, "max_input_chars_per_word") ?? 100);
    }

    /// <summary>vocab.txt, or the same lines rebuilt from tokenizer.json's WordPiece vocabulary (ordered by id).</summary>
    public Stream OpenVocabulary()
    {
        if (VocabFile is not null) return File.OpenRead(VocabFile);
        var vocab = JsonNode.Parse(File.ReadAllText(TokenizerJsonFile!))!["model"]!["vocab"]!.AsObject();
        var lines = vocab.OrderBy(p => p.Value!.GetValue<int>()).Select(p => p.Key);
        return new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
    }

    private static JsonObject? FindBertNormalizer(JsonNode? normalizer) => normalizer switch
    {
        JsonObject o when JsonFile.String(o, "type") == "BertNormalizer" => o,
        JsonObject o when o["normalizers"] is JsonArray list => list.Select(FindBertNormalizer).FirstOrDefault(n => n is not null),
        _ => null,
    };
}
