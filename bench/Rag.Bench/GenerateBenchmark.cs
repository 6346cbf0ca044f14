using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Onnx.Generation;

namespace Rag.Bench;

/// <summary>
/// generate [--model FOLDER] [--prompt-tokens 1000] [--new 128] [--threads N]
/// Time to first token (prompt prefill + first sampled token) and greedy decode tokens/second of the KV-cache loop.
/// Without --model a SmolLM2-135M-shaped decoder (30 layers, hidden 576, 9 heads, 3 KV heads) with generated weights
/// is made by tests/ModelFixtures/generate_llama.py. transformers.js (tests/Rag.Onnx.Tests/reference-js, onnxruntime-node)
/// decodes the same prompt ids on the same folder with the same intra-op thread count, timed inside node after loading
/// and the same warm-up; ONNX Runtime GenAI decodes them too, on the same graph and weights in GenAI's layout
/// (genai_config.json written by generate_llama.py --genai), same threads, same warm-up.
/// </summary>
public static class GenerateBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]);
        var promptTokens = int.Parse(options.GetValueOrDefault("prompt-tokens", "1000"));
        var newTokens = int.Parse(options.GetValueOrDefault("new", "128"));
        var threads = int.Parse(options.GetValueOrDefault("threads", Math.Min(Environment.ProcessorCount, 8).ToString()));
        var model = options.GetValueOrDefault("model") ?? GenerateFaithfulModel();

        List<int> prompt;
        double firstMs, decodeRate;
        using (var decoder = new OnnxDecoder(new DecoderOptions { ModelPath = model, IntraOpThreads = threads, ContextLength = promptTokens + newTokens + 8 }, NullLogger.Instance))
        {
            prompt = Prompt(decoder, promptTokens);
            Console.Error.WriteLine($"model {model}: {decoder.Folder.Layers} layers, {decoder.Folder.KeyValueHeads} KV heads; prompt {prompt.Count} tokens, up to {newTokens} new, {threads} threads, {decoder.ExecutionProvider}");
            (firstMs, decodeRate) = Measure(decoder, prompt, newTokens);
        }
        var genAi = GenAiDecodeRate(model, options.ContainsKey("model"), prompt, promptTokens, newTokens, threads);
        var jsRate = await TransformersJsDecodeRate(model, prompt, newTokens, threads);
        Console.WriteLine($"ttft_ms={firstMs:F0} decode_tokens_per_s={decodeRate:F1} genai_decode_tokens_per_s={genAi} transformersjs_decode_tokens_per_s={jsRate:F1}");
        return 0;
    }

    /// <summary>Warm-up, then one greedy generation of the prompt: time to first token and decode tokens/s after it.</summary>
    private static (double FirstMs, double DecodeRate) Measure(ILocalDecoder decoder, List<int> prompt, int newTokens)
    {
        decoder.Generate(prompt[..32], new SamplingSettings(MaxNewTokens: 4)).ToList(); // warm-up
        var clock = Stopwatch.StartNew();
        double firstMs = 0;
        int generated = 0;
        foreach (var _ in decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: newTokens)))
            if (generated++ == 0) firstMs = clock.Elapsed.TotalMilliseconds;
        var decodeSeconds = (clock.Elapsed.TotalMilliseconds - firstMs) / 1000;
        var rate = generated > 1 ? (generated - 1) / decodeSeconds : 0;
        Console.Error.WriteLine($"{decoder.Engine}: generated {generated} tokens (stops early only on an end-of-turn token), ttft {firstMs:F0} ms, decode {rate:F1} tokens/s");
        return (firstMs, rate);
    }

    /// <summary>ONNX Runtime GenAI on the same graph and weights: the folder itself when it has genai_config.json, else
    /// (the generated model) its GenAI layout written by generate_llama.py --genai. A --model folder without
    /// genai_config.json gets "n/a".</summary>
    private static string GenAiDecodeRate(string model, bool given, List<int> prompt, int promptTokens, int newTokens, int threads)
    {
        var folder = GenAiFolder.IsGenAiFolder(model) ? model : given ? null : GenAiLayout(model);
        if (folder is null)
        {
            Console.Error.WriteLine($"genai: {model} has no {GenAiFolder.ConfigFile}; not measured");
            return "n/a";
        }
        using var decoder = new GenAiDecoder(new DecoderOptions { ModelPath = folder, IntraOpThreads = threads, ContextLength = promptTokens + newTokens + 8 }, NullLogger.Instance);
        return Measure(decoder, prompt, newTokens).DecodeRate.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<double> TransformersJsDecodeRate(string model, List<int> prompt, int newTokens, int threads)
    {
        var request = new JsonObject
        {
            ["folder"] = Path.GetFullPath(model),
            ["ids"] = new JsonArray(prompt.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
            ["newTokens"] = newTokens,
            ["threads"] = threads,
        };
        var result = await TransformersJs.RunAsync(RepositoryRoot(), "generate-bench", request);
        Console.Error.WriteLine($"transformers.js: generated {result["generated"]} tokens, ttft {result["ttft_ms"]!.GetValue<double>():F0} ms, {threads} threads");
        return result["decode_tokens_per_s"]!.GetValue<double>();
    }

    private static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Rag.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Rag.sln not found.");
        return root;
    }

    /// <summary>A ChatML prompt of exactly the requested length, built from real English text.</summary>
    private static List<int> Prompt(OnnxDecoder decoder, int tokens)
    {
        const string sentence = "The maximum operating pressure of the P-200 pump is 12 bar, and its impeller seal is replaced every 2,000 hours. ";
        var body = decoder.Tokenizer.Encode(string.Concat(Enumerable.Repeat(sentence, tokens / 20 + 1)));
        var head = decoder.Tokenizer.Encode("<|im_start|>user\n");
        var tail = decoder.Tokenizer.Encode("<|im_end|>\n<|im_start|>assistant\n");
        return [.. head, .. body.Take(tokens - head.Count - tail.Count), .. tail];
    }

    private static string GenerateFaithfulModel()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "ModelFixtures", "generated", "smollm2-faithful");
        if (!File.Exists(Path.Combine(folder, "onnx", "model.onnx"))) RunGenerator("--out", Path.GetDirectoryName(folder)!, "--faithful");
        return folder;
    }

    private static string GenAiLayout(string folder)
    {
        var genAi = folder.TrimEnd('/') + "-genai";
        if (!File.Exists(Path.Combine(genAi, GenAiFolder.ConfigFile))
            || File.GetLastWriteTimeUtc(Path.Combine(genAi, GenAiFolder.ConfigFile)) < File.GetLastWriteTimeUtc(Path.Combine(folder, "onnx", "model.onnx")))
            RunGenerator("--genai", folder, "--out", genAi);
        return genAi;
    }

    private static void RunGenerator(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { Path.Combine(RepositoryRoot(), "tests", "ModelFixtures", "generate_llama.py") } };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"generate_llama.py {string.Join(' ', arguments)} failed.");
    }
}
