using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Rag.Onnx.Generation;

/// <summary>A folder with genai_config.json run by ONNX Runtime GenAI (Microsoft.ML.OnnxRuntimeGenAI, CPU package):
/// GenAI owns the graph, the KV cache and the search (greedy when temperature is 0, else sampling); prompts are
/// encoded and tokens decoded by our tokenizer and chat template, as for <see cref="OnnxDecoder"/>.</summary>
public sealed class GenAiDecoder : ILocalDecoder
{
    private readonly Model _model;

    public string Engine => "genai";
    public GenAiFolder Folder { get; }
    public IDecoderTokenizer Tokenizer { get; }
    public ChatTemplate Template { get; }
    public IReadOnlySet<int> StopIds { get; }
    public string ExecutionProvider => "cpu";
    public int ContextLength { get; }

    public GenAiDecoder(DecoderOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath)) throw new InvalidOperationException("Rag:Llm:ModelPath is required for provider 'onnx'.");
        Folder = GenAiFolder.Load(options.ModelPath);
        (Tokenizer, Template, StopIds) = ChatVocabulary.Load(Folder.TokenizerPath, Folder.ChatTemplate, Folder.EosTokenIds);
        ContextLength = ChatVocabulary.ContextLength(options.ContextLength, Folder.ContextLength);
        if (options.ExecutionProvider.Trim().Equals("cuda", StringComparison.OrdinalIgnoreCase))
            logger.LogWarning("CUDA was requested for {Model} but ONNX Runtime GenAI runs on CPU in this build (the CPU GenAI package); running on CPU.", Folder.Folder);

        using var config = new Config(Folder.Folder);
        config.ClearProviders(); // CPU, whatever provider_options the folder names
        if (options.IntraOpThreads > 0)
            config.Overlay(new JsonObject
            {
                ["model"] = new JsonObject { ["decoder"] = new JsonObject { ["session_options"] = new JsonObject { ["intra_op_num_threads"] = options.IntraOpThreads } } },
            }.ToJsonString());
        _model = new Model(config);
        logger.LogInformation("Decoder {Model} loaded by ONNX Runtime GenAI ({Type}) on {Provider}: {Layers} layers, context {Context}, {Template} chat template.",
            Folder.OnnxPath, Folder.ModelType, ExecutionProvider, Folder.Layers, ContextLength, Template.Kind);
    }

    public IEnumerable<GeneratedToken> Generate(IReadOnlyList<int> prompt, SamplingSettings settings)
    {
        if (prompt.Count == 0) throw new ArgumentException("The prompt is empty.", nameof(prompt));
        int maxNew = Math.Min(settings.MaxNewTokens, ContextLength - prompt.Count);
        if (maxNew <= 0) yield break;
        using var parameters = new GeneratorParams(_model);
        parameters.SetSearchOption("max_length", prompt.Count + maxNew);
        parameters.SetSearchOption("past_present_share_buffer", false);
        parameters.SetSearchOption("do_sample", settings.Temperature > 0);
        if (settings.Temperature > 0)
        {
            parameters.SetSearchOption("temperature", settings.Temperature);
            parameters.SetSearchOption("top_p", settings.TopP);
            parameters.SetSearchOption("top_k", settings.TopK > 0 ? settings.TopK : Math.Max(Folder.VocabSize, 1));
            if (settings.Seed is { } seed) parameters.SetSearchOption("random_seed", seed);
        }
        using var generator = new Generator(_model, parameters);
        generator.AppendTokens(prompt.ToArray());
        for (int step = 0; step < maxNew && !generator.IsDone(); step++)
        {
            generator.GenerateNextToken();
            int token = generator.GetNextTokens()[0];
            yield return new GeneratedToken(token, null);
            if (StopIds.Contains(token)) yield break;
        }
    }

    public void Dispose() => _model.Dispose();
}
