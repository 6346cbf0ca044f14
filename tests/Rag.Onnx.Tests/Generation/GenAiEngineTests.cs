using System.Text.Json.Nodes;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Rag.Onnx.Generation;
using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests.Generation;

/// <summary>ONNX Runtime GenAI on the generated tiny Llama decoder written in GenAI's layout (genai_config.json beside the
/// same graph and tokenizer): the engine is chosen by the folder, and GenAI's greedy tokens, streamed text, max-token cap
/// and end-of-sequence stop agree with our KV-cache decoder on the same weights.</summary>
public sealed class GenAiEngineTests : IDisposable
{
    private static readonly DecoderOptions Options = new() { ModelPath = DecoderModels.TinyGenAiFolder, ContextLength = 256 };
    private readonly GenAiDecoder _genAi = (GenAiDecoder)LocalLlmEngine.Load(Options, NullLogger.Instance);
    private readonly OnnxDecoder _ours = new(new DecoderOptions { ModelPath = DecoderModels.TinyFolder, ContextLength = 256 }, NullLogger.Instance);

    public void Dispose()
    {
        _genAi.Dispose();
        _ours.Dispose();
    }

    private List<int> Prompt(string question) => _ours.Tokenizer.Encode(_ours.Template.Render([("system", "Answer briefly."), ("user", question)]));

    [Fact]
    public void The_folder_chooses_the_engine()
    {
        Assert.Equal("genai", _genAi.Engine);
        using var ours = LocalLlmEngine.Load(new DecoderOptions { ModelPath = DecoderModels.TinyFolder, ContextLength = 64 }, NullLogger.Instance);
        Assert.IsType<OnnxDecoder>(ours);
        Assert.IsType<GenAiChatClient>(LocalLlmEngine.ChatClient(_genAi, Options));
        Assert.IsType<OnnxChatClient>(LocalLlmEngine.ChatClient(ours, Options));
        Assert.Equal(ChatTemplate.Format.ChatML, _genAi.Template.Kind);
        Assert.Equal(_ours.StopIds.Order(), _genAi.StopIds.Order());
    }

    [Fact]
    public void The_service_registration_resolves_the_engine_the_folder_calls_for()
    {
        using var genAi = new ServiceCollection().AddOnnxChatClient(Options).BuildServiceProvider();
        using var ours = new ServiceCollection().AddOnnxChatClient(Options with { ModelPath = DecoderModels.TinyFolder }).BuildServiceProvider();
        Assert.IsType<GenAiChatClient>(genAi.GetRequiredService<IChatClient>());
        Assert.IsType<OnnxChatClient>(ours.GetRequiredService<IChatClient>());
    }

    [Theory]
    [InlineData("Replace the impeller seal every 2,000 hours?")]
    [InlineData("What is the maximum pressure? 最大压力是多少?")]
    public void Greedy_tokens_equal_our_decoders_on_the_same_prompt(string question)
    {
        var prompt = Prompt(question);
        Assert.Equal(prompt, _genAi.Tokenizer.Encode(_genAi.Template.Render([("system", "Answer briefly."), ("user", question)])));
        var settings = new SamplingSettings(MaxNewTokens: 24);

        var ours = _ours.Generate(prompt, settings).Select(t => t.Id).ToList();
        var genAi = _genAi.Generate(prompt, settings).Select(t => t.Id).ToList();

        Assert.Equal(24, ours.Count);
        Assert.Equal(ours, genAi);
    }

    [Fact]
    public async Task The_chat_client_streams_the_same_text_as_ours_within_the_token_cap()
    {
        List<ChatMessage> messages = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "Wie hoch ist der Druck? 压力?")];
        var options = new ChatOptions { MaxOutputTokens = 30 };
        using var genAiClient = LocalLlmEngine.ChatClient(_genAi, Options);
        using var ourClient = new OnnxChatClient(_ours, Options);

        var streamed = new StringBuilder();
        int pieces = 0;
        await foreach (var update in genAiClient.GetStreamingResponseAsync(messages, options)) { streamed.Append(update.Text); pieces++; }
        var ours = (await ourClient.GetResponseAsync(messages, options)).Text;

        Assert.True(pieces > 1);
        Assert.Equal(ours, streamed.ToString());
        Assert.Equal(ours, (await genAiClient.GetResponseAsync(messages, options)).Text);
        Assert.True(_ours.Tokenizer.Encode(ours).Count <= 30 + 2);
    }

    [Fact]
    public void Generation_stops_at_the_configured_end_of_sequence_token()
    {
        var prompt = Prompt("Hello there");
        var free = _genAi.Generate(prompt, new SamplingSettings(MaxNewTokens: 12)).Select(t => t.Id).ToList();
        var stopAt = Enumerable.Range(1, free.Count - 1).FirstOrDefault(i => !free.Take(i).Contains(free[i])); // a token new at step stopAt
        var eos = free[stopAt];
        Assert.True(stopAt + 1 < free.Count);

        var folder = Directory.CreateTempSubdirectory("rag-genai-eos").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(DecoderModels.TinyGenAiFolder))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            Directory.CreateDirectory(Path.Combine(folder, "onnx"));
            File.Copy(Path.Combine(DecoderModels.TinyGenAiFolder, "onnx", "model.onnx"), Path.Combine(folder, "onnx", "model.onnx"));
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "genai_config.json")))!;
            config["model"]!["eos_token_id"] = eos;
            File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());

            using var decoder = new GenAiDecoder(Options with { ModelPath = folder }, NullLogger.Instance);
            var stopped = decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: 12)).Select(t => t.Id).ToList();
            Assert.Equal(free.Take(stopAt + 1), stopped);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Sampling_with_a_seed_is_repeatable()
    {
        var prompt = Prompt("Hello");
        var settings = new SamplingSettings(MaxNewTokens: 8, Temperature: 0.8f, TopP: 0.9f, TopK: 5, Seed: 42);
        var first = _genAi.Generate(prompt, settings).Select(t => t.Id).ToList();
        var second = _genAi.Generate(prompt, settings).Select(t => t.Id).ToList();
        Assert.Equal(8, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_cuda_request_runs_on_cpu_with_one_warning()
    {
        var logger = new ListLogger();
        using var decoder = LocalLlmEngine.Load(Options with { ExecutionProvider = "cuda" }, logger);
        Assert.Equal("cpu", decoder.ExecutionProvider);
        var warning = Assert.Single(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("CUDA", warning.Message);
        Assert.Single(decoder.Generate(Prompt("Hi"), new SamplingSettings(MaxNewTokens: 1)));
    }
}
