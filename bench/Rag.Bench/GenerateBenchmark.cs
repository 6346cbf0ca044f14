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
/// and the same warm-up.
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

        using var decoder = new OnnxDecoder(new DecoderOptions { ModelPath = model, IntraOpThreads = threads, ContextLength = promptTokens + newTokens + 8 }, NullLogger.Instance);
        var prompt = Prompt(decoder, promptTokens);
        Console.Error.WriteLine($"model {model}: {decoder.Folder.Layers} layers, {decoder.Folder.KeyValueHeads} KV heads; prompt {prompt.Count} tokens, up to {newTokens} new, {threads} threads, {decoder.ExecutionProvider}");

        decoder.Generate(prompt[..32], new SamplingSettings(MaxNewTokens: 4)).ToList(); // warm-up
        var clock = Stopwatch.StartNew();
        double firstMs = 0;
        int generated = 0;
        foreach (var _ in decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: newTokens)))
            if (generated++ == 0) firstMs = clock.Elapsed.TotalMilliseconds;
        var decodeSeconds = (clock.Elapsed.TotalMilliseconds - firstMs) / 1000;
        var decodeRate = generated > 1 ? (generated - 1) / decodeSeconds : 0;
        Console.Error.WriteLine($"generated {generated} tokens (stops early only on an end-of-turn token)");
        var jsRate = await TransformersJsDecodeRate(model, prompt, newTokens, threads);
        Console.WriteLine($"ttft_ms={firstMs:F0} decode_tokens_per_s={decodeRate:F1} transformersjs_decode_tokens_per_s={jsRate:F1}");
        return 0;
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
        var root = RepositoryRoot();
        var output = Path.Combine(root, "tests", "ModelFixtures", "generated");
        var folder = Path.Combine(output, "smollm2-faithful");
        if (File.Exists(Path.Combine(folder, "onnx", "model.onnx"))) return folder;
        var start = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { Path.Combine(root, "tests", "ModelFixtures", "generate_llama.py"), "--out", output, "--faithful" } };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("generate_llama.py --faithful failed.");
        return folder;
    }
}
