namespace Rag.Onnx.Tests.Support;

/// <summary>The small Llama decoder folder made by tests/ModelFixtures/generate_llama.py (real SmolLM2 tokenizer,
/// seeded weights), generated once per change of the script; and the script's numpy reference decoder.</summary>
public static class DecoderModels
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "ModelFixtures");
    private static readonly string Script = Path.Combine(Fixtures, "generate_llama.py");
    private static readonly Lazy<string> Tiny = new(Generate);

    public static string Python => Environment.GetEnvironmentVariable("RAG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    public static string TinyFolder => Tiny.Value;

    /// <summary>Greedy tokens and the first step's leading logits from the numpy reference (full recomputation).</summary>
    public static string Reference(IEnumerable<int> promptIds, int newTokens) =>
        ProcessRunner.Run(Python, [Script, "--reference", TinyFolder, "--ids", string.Join(",", promptIds), "--new", newTokens.ToString()], Fixtures);

    private static string Generate()
    {
        var root = Path.Combine(Fixtures, "generated");
        var folder = Path.Combine(root, "smollm2-tiny");
        var stamp = Path.Combine(folder, ".generated");
        Directory.CreateDirectory(root);
        using var generationLock = AcquireLock(Path.Combine(root, "generate-llama.lock"));
        if (File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(Script)) return folder;
        ProcessRunner.Run(Python, [Script, "--out", root], Fixtures);
        File.WriteAllText(stamp, DateTime.UtcNow.ToString("O"));
        return folder;
    }

    private static FileStream AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (attempt < 600) { Thread.Sleep(500); }
        }
    }
}
