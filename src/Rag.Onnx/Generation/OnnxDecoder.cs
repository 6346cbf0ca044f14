using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Rag.Onnx.Runtime;

namespace Rag.Onnx.Generation;

public readonly record struct GeneratedToken(int Id, float[]? Logits);

/// <summary>A decoder-only LLM export with KV cache (inputs input_ids, attention_mask, position_ids,
/// past_key_values.{i}.key/value; outputs logits, present.{i}.key/value). The prompt runs once, then one token per
/// step; each step's present tensors are handed to the next step as they are, never copied.</summary>
public sealed class OnnxDecoder : ILocalDecoder
{
    private readonly OnnxSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _ones;
    private readonly long[] _positions;

    public string Engine => "onnx";
    public DecoderFolder Folder { get; }
    public IDecoderTokenizer Tokenizer { get; }
    public ChatTemplate Template { get; }
    public IReadOnlySet<int> StopIds { get; }
    public string ExecutionProvider => _session.ExecutionProvider;
    /// <summary>Most tokens (prompt + generated) one sequence may hold.</summary>
    public int ContextLength { get; }

    public OnnxDecoder(DecoderOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath)) throw new InvalidOperationException("Rag:Llm:ModelPath is required for provider 'onnx'.");
        Folder = DecoderFolder.Load(options.ModelPath);
        (Tokenizer, Template, StopIds) = ChatVocabulary.Load(Folder.TokenizerPath, Folder.ChatTemplate, Folder.EosTokenIds);
        ContextLength = ChatVocabulary.ContextLength(options.ContextLength, Folder.MaxPositions);
        _session = OnnxSessionFactory.Create(Folder.OnnxPath, options.ExecutionProvider, options.DeviceId, options.IntraOpThreads, logger);
        var layers = Enumerable.Range(0, Folder.Layers);
        _inputNames = ["input_ids", "attention_mask", "position_ids", .. layers.SelectMany(i => new[] { $"past_key_values.{i}.key", $"past_key_values.{i}.value" })];
        _outputNames = ["logits", .. layers.SelectMany(i => new[] { $"present.{i}.key", $"present.{i}.value" })];
        _ones = Enumerable.Repeat(1L, ContextLength).ToArray();
        _positions = Enumerable.Range(0, ContextLength).Select(i => (long)i).ToArray();
        logger.LogInformation("Decoder {Model} loaded on {Provider}: {Layers} layers, context {Context}, {Template} chat template.",
            Folder.OnnxPath, ExecutionProvider, Folder.Layers, ContextLength, Template.Kind);
    }

    IEnumerable<GeneratedToken> ILocalDecoder.Generate(IReadOnlyList<int> prompt, SamplingSettings settings) => Generate(prompt, settings);

    /// <summary>Generates up to settings.MaxNewTokens tokens after the prompt, stopping after a stop id (which is yielded).
    /// useCache false recomputes the whole sequence every step (for tests); keepLogits copies each step's logits out.</summary>
    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<int> prompt, SamplingSettings settings, bool useCache = true, bool keepLogits = false)
    {
        if (prompt.Count == 0) throw new ArgumentException("The prompt is empty.", nameof(prompt));
        int maxNew = Math.Min(settings.MaxNewTokens, ContextLength - prompt.Count);
        var sampler = new TokenSampler(settings);
        var sequence = prompt.Select(i => (long)i).ToList();
        var past = EmptyCache();
        int pastLength = 0;
        try
        {
            for (int step = 0; step < maxNew; step++)
            {
                if (!useCache && pastLength > 0) { Dispose(past); past = EmptyCache(); pastLength = 0; }
                var stepIds = sequence.Skip(pastLength).ToArray();
                var (token, logits, present) = Step(stepIds, pastLength, past, sampler, keepLogits);
                Dispose(past);
                past = present;
                pastLength += stepIds.Length;
                sequence.Add(token);
                yield return new GeneratedToken(token, logits);
                if (StopIds.Contains(token)) yield break;
            }
        }
        finally { Dispose(past); }
    }

    private (int Token, float[]? Logits, List<OrtValue> Present) Step(long[] ids, int pastLength, List<OrtValue> past, TokenSampler sampler, bool keepLogits)
    {
        int total = pastLength + ids.Length;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ones.AsMemory(0, total), [1, total]);
        using var positions = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _positions.AsMemory(pastLength, ids.Length), [1, ids.Length]);
        var outputs = _session.Session.Run(_runOptions, _inputNames, [idsValue, mask, positions, .. past], _outputNames);
        using var logitsValue = outputs[0];
        var vocab = (int)logitsValue.GetTensorTypeAndShape().Shape[^1];
        var last = logitsValue.GetTensorDataAsSpan<float>().Slice((ids.Length - 1) * vocab, vocab);
        return (sampler.Next(last), keepLogits ? last.ToArray() : null, outputs.Skip(1).ToList());
    }

    private List<OrtValue> EmptyCache() =>
        Enumerable.Range(0, Folder.Layers * 2)
            .Select(_ => OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, Folder.KeyValueHeads, 0, Folder.HeadDim]))
            .ToList();

    private static void Dispose(List<OrtValue> values) { foreach (var v in values) v.Dispose(); }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
