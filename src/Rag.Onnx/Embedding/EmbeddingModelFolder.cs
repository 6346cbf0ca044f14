using System.Text.Json.Nodes;
using Rag.Onnx.Embedding.Bundled;
using Rag.Onnx.Models;

namespace Rag.Onnx.Embedding;

/// <summary>
/// A sentence-embedding model folder as real exports ship it (Optimum / sentence-transformers / Xenova layouts),
/// with everything the encoder needs decided: ONNX file, pooling, window, width, tokenizer settings, prefixes.
/// </summary>
public sealed class EmbeddingModelFolder
{
    private const int DefaultMaxSequenceLength = 512;

    private static readonly string[] OnnxCandidates =
    [
        "model.onnx", "onnx/model.onnx",
        "model_quantized.onnx", "onnx/model_quantized.onnx", "model_int8.onnx", "onnx/model_int8.onnx",
        "model_qint8_avx512_vnni.onnx", "onnx/model_qint8_avx512_vnni.onnx",
    ];

    public required string Folder { get; init; }
    public required string Name { get; init; }
    public required string OnnxPath { get; init; }
    public required PoolingMode Pooling { get; init; }
    public required int MaxSequenceLength { get; init; }
    public int? HiddenSize { get; init; }
    public int? Layers { get; init; }
    public int? AttentionHeads { get; init; }
    public string? Architecture { get; init; }
    public required PromptPrefixes Prefixes { get; init; }
    public required string Source { get; init; }
    public string? License { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required WordPieceSettings Tokenizer { get; init; }

    public static EmbeddingModelFolder Load(EncoderOptions options)
    {
        var (folder, onnxPath) = Locate(options.ModelPath, options.OnnxFile);
        var bundle = JsonFile.TryRead(Path.Combine(folder, BundledEncoderInstaller.ManifestFile));
        var name = JsonFile.String(bundle, "name") ?? Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var readme = ModelReadme.Read(folder);
        var config = JsonFile.TryRead(Path.Combine(folder, "config.json"));
        var tokenizerConfig = JsonFile.TryRead(Path.Combine(folder, "tokenizer_config.json"));
        var maxPositions = JsonFile.Int(config, "max_position_embeddings");
        var hidden = JsonFile.Int(config, "hidden_size") ?? JsonFile.Int(config, "dim") ?? JsonFile.Int(config, "d_model");

        var detected = PromptPrefixes.Detect(name, JsonFile.TryRead(Path.Combine(folder, "config_sentence_transformers.json")));
        return new EmbeddingModelFolder
        {
            Folder = folder,
            Name = name,
            OnnxPath = onnxPath,
            Pooling = options.Pooling ?? DetectPooling(folder, name),
            MaxSequenceLength = DetectMaxSequenceLength(folder, tokenizerConfig, maxPositions, options.MaxSequenceLength),
            HiddenSize = hidden,
            Layers = JsonFile.Int(config, "num_hidden_layers") ?? JsonFile.Int(config, "n_layers"),
            AttentionHeads = JsonFile.Int(config, "num_attention_heads") ?? JsonFile.Int(config, "n_heads"),
            Architecture = (config?["architectures"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? JsonFile.String(config, "model_type"),
            Prefixes = new PromptPrefixes(options.QueryPrefix ?? detected.Query, options.PassagePrefix ?? detected.Passage),
            Source = JsonFile.String(bundle, "source") ?? "folder",
            License = readme.License(folder),
            Languages = readme.Languages,
            Tokenizer = WordPieceSettings.Detect(folder, tokenizerConfig),
        };
    }

    private static (string Folder, string OnnxPath) Locate(string modelPath, string? onnxFile)
    {
        if (File.Exists(modelPath) && modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            var folder = Path.GetFileName(directory) == "onnx" ? Path.GetDirectoryName(directory)! : directory;
            return (folder, Path.GetFullPath(modelPath));
        }
        if (!Directory.Exists(modelPath)) throw new DirectoryNotFoundException($"Embedding model folder '{modelPath}' does not exist.");
        var root = Path.GetFullPath(modelPath);
        var candidates = onnxFile is null ? OnnxCandidates : [onnxFile];
        var found = candidates.Select(c => Path.Combine(root, c)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No ONNX model in '{root}' (looked for {string.Join(", ", candidates)}).");
        return (root, found);
    }

    private static PoolingMode DetectPooling(string folder, string name)
    {
        var poolingConfig = JsonFile.TryRead(Path.Combine(folder, PoolingModulePath(folder), "config.json"));
        if (poolingConfig is not null)
        {
            if (JsonFile.Bool(poolingConfig, "pooling_mode_cls_token") == true) return PoolingMode.Cls;
            if (JsonFile.Bool(poolingConfig, "pooling_mode_mean_tokens") == true) return PoolingMode.Mean;
            throw new NotSupportedException($"{folder}: only mean and CLS pooling are supported; set EncoderOptions.Pooling to override.");
        }
        return name.Contains("bge", StringComparison.OrdinalIgnoreCase) ? PoolingMode.Cls : PoolingMode.Mean;
    }

    private static string PoolingModulePath(string folder)
    {
        var modules = File.Exists(Path.Combine(folder, "modules.json"))
            ? JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "modules.json"))) as JsonArray
            : null;
        var pooling = modules?.FirstOrDefault(m => JsonFile.String(m, "type")?.EndsWith(".Pooling", StringComparison.Ordinal) == true);
        return JsonFile.String(pooling, "path") ?? "1_Pooling";
    }

    // The window is the tightest of what sentence-transformers trained with, the tokenizer allows and the
    // position table holds; an override can shorten it but never exceed the position table.
    private static int DetectMaxSequenceLength(string folder, JsonObject? tokenizerConfig, int? maxPositions, int? requested)
    {
        int?[] limits =
        [
            JsonFile.Int(JsonFile.TryRead(Path.Combine(folder, "sentence_bert_config.json")), "max_seq_length"),
            JsonFile.Int(tokenizerConfig, "model_max_length") is <= 1_000_000 and var tokenizerMax ? tokenizerMax : null,
            maxPositions,
        ];
        var detected = limits.OfType<int>().DefaultIfEmpty(DefaultMaxSequenceLength).Min();
        if (requested is null) return detected;
        if (requested < 3) throw new ArgumentOutOfRangeException(nameof(requested), "MaxSequenceLength must leave room for [CLS], a token and [SEP].");
        return Math.Min(requested.Value, maxPositions ?? requested.Value);
    }
}
