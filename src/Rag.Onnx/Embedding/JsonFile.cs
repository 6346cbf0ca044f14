using System.Text.Json.Nodes;

namespace Rag.Onnx.Embedding;

internal static class JsonFile
{
    public static JsonObject? TryRead(string path) =>
        File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;

    public static int? Int(JsonObject? json, string name) =>
        json?[name] is JsonValue v && v.TryGetValue<double>(out var d) && d is >= 1 and <= int.MaxValue ? (int)d : null;

    public static bool? Bool(JsonObject? json, string name) =>
        json?[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static string? String(JsonNode? json, string name) =>
        json?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
