using System.Diagnostics;
using System.Text.Json.Nodes;
using Rag.Onnx.Embedding;

namespace Rag.Bench;

/// <summary>
/// embed [--model FOLDER] [--count 2000] [--chunk-tokens 200] [--batch-size 32] [--threads N] [--repeats 2]
///       [--provider cpu|cuda] [--corpus corpus.jsonl] [--reference transformersjs|none]
/// Tokens/second (real, non-pad tokens) of (a) our full embed path, (b) the bare ONNX Runtime forward pass on the
/// very same length-sorted batches, (c) transformers.js feature-extraction on the same folder and texts (CPU only),
/// (a) and (b) on the same provider, (a) (b) (c) with the same intra-op thread count. (a) and (b) alternate batch by batch and the best repeat counts, to damp
/// noise from other processes. Without --model an all-MiniLM-L6-v2-shaped model (6 layers, hidden 384) is generated.
/// </summary>
public static class EmbedBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArgs(args);
        var root = FindRepositoryRoot();
        var modelFolder = options.GetValueOrDefault("model") ?? GenerateFaithfulModel(root);
        var count = int.Parse(options.GetValueOrDefault("count", "2000"));
        var chunkTokens = int.Parse(options.GetValueOrDefault("chunk-tokens", "200"));
        var batchSize = int.Parse(options.GetValueOrDefault("batch-size", "32"));
        var threads = int.Parse(options.GetValueOrDefault("threads", Math.Min(Environment.ProcessorCount, 8).ToString()));
        var repeats = int.Parse(options.GetValueOrDefault("repeats", "2"));
        var provider = options.GetValueOrDefault("provider", "cpu");
        var corpus = options.GetValueOrDefault("corpus") ?? Path.Combine(root, "..", "shared", "eval", "scifact", "corpus.jsonl");
        var compareWithTransformersJs = options.GetValueOrDefault("reference", "transformersjs") != "none";

        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions
        {
            ModelPath = modelFolder, BatchSize = batchSize, IntraOpThreads = threads, ExecutionProvider = provider,
        });
        var texts = SciFactChunks(corpus, encoder.Tokenizer, chunkTokens, count);
        Console.Error.WriteLine($"model {encoder.Card.Name} ({encoder.Card.Layers} layers, hidden {encoder.Card.HiddenSize}, {encoder.Card.ParameterCount:N0} parameters, {encoder.Card.Pooling} pooling)");
        Console.Error.WriteLine($"{texts.Count} SciFact chunks of <= {chunkTokens} tokens, batch {batchSize}, {threads} intra-op threads on {Environment.ProcessorCount} cores, provider {encoder.ExecutionProvider}");

        var batches = TokenBatch.Plan(texts.Select(encoder.Tokenizer.Encode).ToArray(), batchSize, encoder.Tokenizer.PaddingTokenId);
        var batchTexts = batches.Select(b => b.SourceIndices.Select(i => texts[i]).ToArray()).ToArray();
        var tokens = batches.Sum(b => b.RealTokens);
        using var bare = new BareForwardPass(encoder.Folder.OnnxPath, batches, threads, provider);
        encoder.Embed(batchTexts[0]);
        bare.Forward(0);

        // Our path and the bare pass alternate batch by batch, so load from other processes hits both alike.
        double ours = 0, bareRate = 0;
        for (var r = 0; r < repeats; r++)
        {
            TimeSpan oursTime = TimeSpan.Zero, bareTime = TimeSpan.Zero;
            for (var i = 0; i < batches.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                encoder.Embed(batchTexts[i]);
                oursTime += Stopwatch.GetElapsedTime(started);
                started = Stopwatch.GetTimestamp();
                bare.Forward(i);
                bareTime += Stopwatch.GetElapsedTime(started);
            }
            ours = Math.Max(ours, tokens / oursTime.TotalSeconds);
            bareRate = Math.Max(bareRate, tokens / bareTime.TotalSeconds);
            Console.Error.WriteLine($"repeat {r + 1}: embed {tokens / oursTime.TotalSeconds:F0} tok/s, bare {tokens / bareTime.TotalSeconds:F0} tok/s, {tokens} tokens");
        }

        Console.Error.WriteLine($"embed / bare = {ours / bareRate:F3}");
        var line = $"provider={encoder.ExecutionProvider} embed_tokens_per_s={ours:F0} bare_ort_tokens_per_s={bareRate:F0}";
        if (compareWithTransformersJs)
        {
            var transformersJs = await TransformersJsRate(root, modelFolder, texts, encoder, batchSize, threads);
            Console.Error.WriteLine($"embed / transformers.js = {ours / transformersJs:F2}");
            line += $" transformersjs_tokens_per_s={transformersJs:F0}";
        }
        Console.WriteLine(line);
        return 0;
    }

    private static async Task<double> TransformersJsRate(string root, string modelFolder, IReadOnlyList<string> texts,
        OnnxSentenceEncoder encoder, int batchSize, int threads)
    {
        var request = new JsonObject
        {
            ["folder"] = Path.GetFullPath(modelFolder),
            ["texts"] = new JsonArray(texts.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["pooling"] = encoder.Card.Pooling,
            ["threads"] = threads,
            ["batchSize"] = batchSize,
            ["maxLength"] = encoder.Folder.MaxSequenceLength,
        };
        var result = await TransformersJs.RunAsync(root, "bench", request);
        Console.Error.WriteLine($"transformers.js: {result["tokens"]} tokens in {result["seconds"]!.GetValue<double>():F2} s");
        return result["tokens_per_s"]!.GetValue<double>();
    }

    /// <summary>SciFact abstracts cut at word boundaries into pieces of at most <paramref name="chunkTokens"/> model tokens.</summary>
    private static List<string> SciFactChunks(string corpus, SentenceTokenizer tokenizer, int chunkTokens, int count)
    {
        if (!File.Exists(corpus)) throw new FileNotFoundException("The SciFact corpus (../shared/eval/scifact) is needed for the texts.", corpus);
        var chunks = new List<string>(count);
        foreach (var line in File.ReadLines(corpus))
        {
            var text = JsonNode.Parse(line)!["text"]!.GetValue<string>();
            var words = new List<string>();
            var tokens = 0;
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordTokens = tokenizer.CountContentTokens(word);
                if (tokens + wordTokens > chunkTokens && words.Count > 0)
                {
                    chunks.Add(string.Join(' ', words));
                    words.Clear();
                    tokens = 0;
                }
                words.Add(word);
                tokens += wordTokens;
            }
            if (words.Count > 0) chunks.Add(string.Join(' ', words));
            if (chunks.Count >= count) return chunks[..count];
        }
        return chunks;
    }

    internal static string GenerateFaithfulModel(string root)
    {
        var output = Path.Combine(root, "tests", "ModelFixtures", "generated", "faithful");
        var folder = Path.Combine(output, "all-MiniLM-L6-v2");
        if (File.Exists(Path.Combine(folder, "onnx", "model.onnx"))) return folder;
        var python = Environment.GetEnvironmentVariable("RAG_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        Console.Error.WriteLine($"generating an all-MiniLM-L6-v2-shaped model into {output}");
        using var process = Process.Start(python, [Path.Combine(root, "tests", "ModelFixtures", "generate_bert.py"), "--out", output, "--faithful"]);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("Model generation failed; it needs python3 with onnx and numpy (apt-get install -y python3-onnx python3-numpy).");
        return folder;
    }

    internal static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Rag.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository (Rag.sln not found).");
    }

    internal static Dictionary<string, string> ParseArgs(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}
