
namespace Rag.Testing.Models;

/// <summary>The small Llama decoder folders made by tests/ModelFixtures/generate_llama.py (real SmolLM2 tokenizer, the
/// Llama 2 style SentencePiece one or the Qwen2-family one; seeded weights), generated once per change of the scripts; and the numpy reference decoder.</summary>
public static class DecoderModels
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "ModelFixtures");
    private static readonly string Script = Path.Combine(Fixtures, "generate_llama.py");
    private static readonly string[] TokenizerScripts = [Path.Combine(Fixtures, "make_sentencepiece_tokenizer.py"), Path.Combine(Fixtures, "make_qwen2_tokenizer.py")];
    private static readonly Lazy<string> Tiny = new(() => Generate("smollm2-tiny"));
    private static readonly Lazy<string> SentencePieceTiny = new(() => Generate("llama2-sentencepiece-tiny", "--sentencepiece"));
    private static readonly Lazy<string> Qwen2Tiny = new(() => Generate("qwen2-tokenizer-tiny", "--qwen2"));
    private static readonly Lazy<string> TinyGenAi = new(() => GenAiLayout(TinyFolder, "smollm2-tiny-genai"));

    public static string Python => Environment.GetEnvironmentVariable("RAG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    public static string TinyFolder => Tiny.Value;

    public static string SentencePieceTinyFolder => SentencePieceTiny.Value;

    /// <summary>The tiny decoder with the Qwen2-family tokenizer and a generation_config.json: the first-run download's stand-in model.</summary>
    public static string Qwen2TinyFolder => Qwen2Tiny.Value;

    /// <summary>The tiny decoder's files in ONNX Runtime GenAI's layout (with a genai_config.json), rewritten whenever the tiny decoder is.</summary>
    public static string TinyGenAiFolder => TinyGenAi.Value;

    /// <summary>Greedy tokens and the first step's leading logits from the numpy reference (full recomputation).</summary>
    public static string Reference(IEnumerable<int> promptIds, int newTokens) =>
        ProcessRunner.Run(Python, [Script, "--reference", TinyFolder, "--ids", string.Join(",", promptIds), "--new", newTokens.ToString()], Fixtures);

    private static string Generate(string name, params string[] options)
    {
        var root = Path.Combine(Fixtures, "generated");
        var folder = Path.Combine(root, name);
        var stamp = Path.Combine(folder, ".generated");
        Directory.CreateDirectory(root);
        using var generationLock = AcquireLock(Path.Combine(root, "generate-llama.lock"));
        var changed = TokenizerScripts.Append(Script).Max(File.GetLastWriteTimeUtc);
        if (File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) >= changed) return folder;
        ProcessRunner.Run(Python, [Script, "--out", root, .. options], Fixtures);
        File.WriteAllText(stamp, DateTime.UtcNow.ToString("O"));
        return folder;
    }

    private static string GenAiLayout(string source, string name)
    {
        var root = Path.Combine(Fixtures, "generated");
        var folder = Path.Combine(root, name);
        var stamp = Path.Combine(folder, ".generated");
        using var generationLock = AcquireLock(Path.Combine(root, "generate-llama.lock"));
        if (File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(Path.Combine(source, ".generated"))) return folder;
        ProcessRunner.Run(Python, [Script, "--genai", source, "--out", folder], Fixtures);
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
