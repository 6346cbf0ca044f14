using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Onnx.Embedding.Bundled;

namespace Rag.Testing.Models;

/// <summary>The bundled encoders unpacked once per test run into a temporary models folder, and the same files laid
/// out for transformers.js (which reads tokenizer.json, not vocab.txt).</summary>
public sealed class BundledModels : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("rag-bundled-").FullName;

    public string Folder(BundledEncoder model) => BundledEncoderInstaller.Ensure(model, Root, NullLogger.Instance);

    /// <summary>A folder with the bundled model's ONNX file and configs plus the real bert-base-uncased tokenizer.json
    /// (same vocabulary) from ../shared/models, its built-in truncation removed and the window set to the model's.</summary>
    public string ReferenceFolder(BundledEncoder model)
    {
        var source = Folder(model);
        var target = Path.Combine(Root, "reference", model.Setting);
        if (Directory.Exists(target)) return target;
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "model.onnx"), Path.Combine(source, "model.onnx"));
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(target, "config.json"));
        var tokenizer = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedModel("all-MiniLM-L6-v2"), "tokenizer.json")))!.AsObject();
        tokenizer["truncation"] = null;
        tokenizer["padding"] = null;
        File.WriteAllText(Path.Combine(target, "tokenizer.json"), tokenizer.ToJsonString());
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedModel("all-MiniLM-L6-v2"), "tokenizer_config.json")))!.AsObject();
        config["model_max_length"] = model.MaxSequenceLength;
        File.WriteAllText(Path.Combine(target, "tokenizer_config.json"), config.ToJsonString());
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
