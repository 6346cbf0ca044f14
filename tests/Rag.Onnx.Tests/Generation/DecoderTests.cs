using System.Text.Json.Nodes;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Onnx.Generation;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests.Generation;

/// <summary>The KV-cache generation loop on a generated Llama decoder with the real SmolLM2 tokenizer: cached decoding
/// equals full recomputation, greedy output equals an independent numpy implementation, streaming equals the
/// non-streamed answer, and multi-byte characters survive token boundaries.</summary>
public sealed class DecoderTests : IDisposable
{
    private readonly OnnxDecoder _decoder = new(new DecoderOptions { ModelPath = DecoderModels.TinyFolder, ContextLength = 256 }, NullLogger.Instance);

    public void Dispose() => _decoder.Dispose();

    private List<int> Prompt(string question) => _decoder.Tokenizer.Encode(_decoder.Template.Render([("system", "Answer briefly."), ("user", question)]));

    [Fact]
    public void The_chat_prompt_uses_chatml_with_the_real_special_token_ids()
    {
        var ids = Prompt("Hi");
        Assert.Equal(ChatTemplate.Format.ChatML, _decoder.Template.Kind);
        Assert.Equal(1, ids[0]);                         // <|im_start|>
        Assert.Equal(3, ids.Count(i => i == 1));         // system, user, assistant
        Assert.Equal(2, ids.Count(i => i == 2));         // <|im_end|> closes system and user
        Assert.Equal(_decoder.Template.Render([("system", "Answer briefly."), ("user", "Hi")]), _decoder.Tokenizer.Decode(ids));
        Assert.Contains(2, _decoder.StopIds);
    }

    [Fact]
    public void Decoding_with_the_kv_cache_equals_recomputing_the_whole_sequence()
    {
        var prompt = Prompt("What is the maximum pressure? 最大压力是多少?");
        var settings = new SamplingSettings(MaxNewTokens: 12);
        var cached = _decoder.Generate(prompt, settings, useCache: true, keepLogits: true).ToList();
        var full = _decoder.Generate(prompt, settings, useCache: false, keepLogits: true).ToList();

        Assert.Equal(full.Select(t => t.Id), cached.Select(t => t.Id));
        for (int step = 0; step < cached.Count; step++)
            Assert.True(MaxDifference(cached[step].Logits!, full[step].Logits!) < 1e-3, $"step {step}");
    }

    [Fact]
    public void Greedy_tokens_and_logits_equal_the_numpy_reference()
    {
        var prompt = Prompt("Replace the impeller seal every 2,000 hours?");
        var ours = _decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: 10), keepLogits: true).ToList();

        var reference = JsonNode.Parse(DecoderModels.Reference(prompt, 10))!;
        var expectedTokens = reference["tokens"]!.AsArray().Select(t => t!.GetValue<int>()).Take(ours.Count);
        Assert.Equal(expectedTokens, ours.Select(t => t.Id));
        var expectedLogits = reference["first_logits"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        Assert.True(MaxDifference(expectedLogits, ours[0].Logits![..expectedLogits.Length]) < 1e-3);
    }

    [Fact]
    public async Task Streaming_yields_the_same_text_as_the_non_streamed_call()
    {
        var client = new OnnxChatClient(_decoder, new DecoderOptions { ModelPath = DecoderModels.TinyFolder });
        List<ChatMessage> messages = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "Wie hoch ist der Druck? 压力?")];
        var options = new ChatOptions { MaxOutputTokens = 40 };

        var whole = (await client.GetResponseAsync(messages, options)).Text;
        var streamed = new StringBuilder();
        int pieces = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options)) { streamed.Append(update.Text); pieces++; }

        Assert.Equal(whole, streamed.ToString());
        Assert.True(pieces > 1);
        Assert.DoesNotContain('\uFFFD', whole);
    }

    [Fact]
    public void Sampling_with_a_seed_is_repeatable_and_stays_within_top_k()
    {
        var prompt = Prompt("Hello");
        var settings = new SamplingSettings(MaxNewTokens: 8, Temperature: 0.8f, TopP: 0.9f, TopK: 5, Seed: 42);
        var first = _decoder.Generate(prompt, settings, keepLogits: true).ToList();
        var second = _decoder.Generate(prompt, settings).Select(t => t.Id).ToList();
        Assert.Equal(first.Select(t => t.Id), second);
        foreach (var step in first)
        {
            var rank = step.Logits!.Count(l => l > step.Logits![step.Id]);
            Assert.InRange(rank, 0, 4);
        }
    }

    [Fact]
    public void Cuda_request_without_cuda_falls_back_to_cpu_with_one_warning()
    {
        var logger = new ListLogger();
        using var decoder = new OnnxDecoder(new DecoderOptions { ModelPath = DecoderModels.TinyFolder, ContextLength = 64, ExecutionProvider = "cuda" }, logger);

        CudaFallback.AssertProviderInUse(decoder.ExecutionProvider, logger);
        var prompt = Prompt("Hi");
        Assert.Equal(_decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: 4)).Select(t => t.Id),
            decoder.Generate(prompt, new SamplingSettings(MaxNewTokens: 4)).Select(t => t.Id));
    }

    [Theory]
    [InlineData("最大压力为十二巴。")]
    [InlineData("Überdruck 12 bar — 😀 ok")]
    public void Multi_byte_characters_are_never_split_into_garbage(string text)
    {
        var ids = _decoder.Tokenizer.Encode(text);
        Assert.Contains(ids, id => Encoding.UTF8.GetString(_decoder.Tokenizer.Bytes(id, null)).Contains('\uFFFD')); // some token holds a partial character
        var stream = new TokenTextStream(_decoder.Tokenizer);
        var pieces = ids.Select(stream.Append).ToList();
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
        Assert.Equal(text, string.Concat(pieces));
        Assert.Equal(text, _decoder.Tokenizer.Decode(ids));
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
