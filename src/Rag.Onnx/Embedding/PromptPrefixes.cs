using System.Text.Json.Nodes;

namespace Rag.Onnx.Embedding;

/// <summary>Texts some models expect in front of queries and passages.</summary>
public sealed record PromptPrefixes(string Query, string Passage)
{
    public const string BgeEnglishQuery = "Represent this sentence for searching relevant passages: ";
    public const string BgeChineseQuery = "为这个句子生成表示以用于检索相关文章：";

    public static readonly PromptPrefixes None = new("", "");

    /// <summary>The folder's config_sentence_transformers.json prompts, else the model family's published convention.</summary>
    public static PromptPrefixes Detect(string modelName, JsonObject? sentenceTransformersConfig)
    {
        var prompts = sentenceTransformersConfig?["prompts"] as JsonObject;
        var fromConfig = new PromptPrefixes(
            JsonFile.String(prompts, "query") ?? "",
            JsonFile.String(prompts, "passage") ?? JsonFile.String(prompts, "document") ?? "");
        return fromConfig != None ? fromConfig : ByName(modelName.ToLowerInvariant());
    }

    private static PromptPrefixes ByName(string name)
    {
        if (name.Contains("bge") && name.Contains("-zh")) return new(BgeChineseQuery, "");
        if (name.Contains("bge") && name.Contains("-en")) return new(BgeEnglishQuery, "");
        if (name.StartsWith("e5-") || name.Contains("-e5-") || name.Contains("/e5-")) return new("query: ", "passage: ");
        return None;
    }
}
