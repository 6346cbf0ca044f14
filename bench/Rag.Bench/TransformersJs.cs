using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rag.Bench;

/// <summary>Runs a command of the transformers.js reference script (tests/Rag.Onnx.Tests/reference-js) with a JSON request
/// on stdin and returns its JSON answer.</summary>
public static class TransformersJs
{
    public static async Task<JsonNode> RunAsync(string repositoryRoot, string command, JsonObject request)
    {
        var script = Path.Combine(repositoryRoot, "tests", "Rag.Onnx.Tests", "reference-js");
        if (!Directory.Exists(Path.Combine(script, "node_modules", "@huggingface", "transformers")))
            throw new InvalidOperationException($"transformers.js is not installed: cd {script} && ONNXRUNTIME_NODE_INSTALL=skip npm ci");
        var start = new ProcessStartInfo("node", ["reference.mjs", command])
        {
            WorkingDirectory = script, RedirectStandardInput = true, RedirectStandardOutput = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(request.ToJsonString());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) throw new InvalidOperationException($"transformers.js '{command}' failed ({node.ExitCode}).");
        return JsonNode.Parse(output)!;
    }
}
