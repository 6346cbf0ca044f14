using System.Text.Json.Nodes;
using System.Text.Json;
using Rag.Testing;

namespace Rag.Onnx.Tests.Support;

/// <summary>transformers.js on onnxruntime-node (tests/Rag.Onnx.Tests/reference-js), the independent implementation.</summary>
internal static class ReferenceJs
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "Rag.Onnx.Tests", "reference-js");

    public static int[][] Tokenize(string folder, IReadOnlyList<string> texts, int? maxLength = null, bool addSpecialTokens = true) =>
        Call("tokenize", new JsonObject { ["folder"] = folder, ["texts"] = Texts(texts), ["maxLength"] = maxLength, ["addSpecialTokens"] = addSpecialTokens })["ids"]!
            .AsArray().Select(row => row!.AsArray().Select(id => id!.GetValue<int>()).ToArray()).ToArray();

    /// <summary>tokenizer.decode with special tokens kept.</summary>
    public static string[] Decode(string folder, IEnumerable<IReadOnlyList<int>> ids) =>
        Call("decode", new JsonObject { ["folder"] = folder, ["ids"] = IdRows(ids) })["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();

    /// <summary>tokenizer.apply_chat_template with the given (else the folder's) Jinja template and the generation prompt added.</summary>
    public static string Chat(string folder, IEnumerable<(string Role, string Content)> messages, string? template = null) =>
        Call("chat", new JsonObject
        {
            ["folder"] = folder,
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["template"] = template,
        })["text"]!.GetValue<string>();

    public static float[][] Embed(string folder, IReadOnlyList<string> texts, string pooling) =>
        Call("embed", new JsonObject { ["folder"] = folder, ["texts"] = Texts(texts), ["pooling"] = pooling })["embeddings"]!
            .AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<float>()).ToArray()).ToArray();

    /// <summary>transformers.js greedy generation (do_sample false): the new token ids after each prompt.</summary>
    public static int[][] Generate(string folder, IEnumerable<IReadOnlyList<int>> prompts, int newTokens) =>
        Call("generate", new JsonObject
        {
            ["folder"] = folder,
            ["prompts"] = IdRows(prompts),
            ["newTokens"] = newTokens,
        })["tokens"]!.AsArray().Select(row => row!.AsArray().Select(id => id!.GetValue<int>()).ToArray()).ToArray();

    private static JsonArray IdRows(IEnumerable<IReadOnlyList<int>> rows) =>
        new(rows.Select(r => (JsonNode)new JsonArray(r.Select(id => (JsonNode)JsonValue.Create(id)).ToArray())).ToArray());

    private static JsonArray Texts(IReadOnlyList<string> texts) => new(texts.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());

    private static JsonNode Call(string command, JsonObject request)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@huggingface", "transformers")))
            throw new InvalidOperationException(
                $"transformers.js is not installed: cd {Directory} && ONNXRUNTIME_NODE_INSTALL=skip npm ci");
        var output = ProcessRunner.Run("node", ["reference.mjs", command], Directory, request.ToJsonString(new JsonSerializerOptions()));
        return JsonNode.Parse(output)!;
    }
}
