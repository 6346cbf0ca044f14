using Microsoft.Extensions.Logging.Abstractions;
using Rag.Onnx.Generation;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;

namespace Rag.Onnx.Tests.Generation;

/// <summary>Our KV-cache greedy loop against transformers.js text generation (onnxruntime-node, its own cache handling
/// and position ids) on the same generated decoder folders: SmolLM2's byte-level BPE with ChatML, and a Llama 2 style
/// SentencePiece tokenizer with the Llama 2 chat template.</summary>
public sealed class TransformersJsDecoderTests : IDisposable
{
    private const int NewTokens = 16;
    private readonly OnnxDecoder _decoder = new(new DecoderOptions { ModelPath = DecoderModels.TinyFolder, ContextLength = 256 }, NullLogger.Instance);

    public void Dispose() => _decoder.Dispose();

    [Fact]
    public void Greedy_tokens_equal_transformers_js_greedy_generation()
    {
        string[] questions = ["What is the maximum pressure?", "Replace the impeller seal every 2,000 hours?", "最大压力是多少?", "Hi"];
        var prompts = questions.Select(q => _decoder.Tokenizer.Encode(_decoder.Template.Render([("system", "Answer briefly."), ("user", q)]))).ToList();

        var expected = ReferenceJs.Generate(DecoderModels.TinyFolder, prompts, NewTokens);

        var ours = prompts.Select(p => _decoder.Generate(p, new SamplingSettings(MaxNewTokens: NewTokens)).Select(t => t.Id).ToArray()).ToList();
        Assert.Equal(prompts.Count, expected.Length);
        for (int i = 0; i < prompts.Count; i++) Assert.Equal(expected[i], ours[i]);
        Assert.True(ours.SelectMany(t => t).Distinct().Count() > prompts.Count, "the prompts should not all decode to one repeated token");
    }

    [Fact]
    public void Greedy_tokens_equal_transformers_js_on_a_llama2_folder_with_the_sentencepiece_tokenizer()
    {
        var folder = DecoderModels.SentencePieceTinyFolder;
        using var decoder = new OnnxDecoder(new DecoderOptions { ModelPath = folder, ContextLength = 256 }, NullLogger.Instance);
        Assert.IsType<SentencePieceBpe>(decoder.Tokenizer);
        Assert.Equal(ChatTemplate.Format.Llama2, decoder.Template.Kind);
        string[] questions = ["What is the maximum pressure?", "最大压力是多少?", "Hi 😀"];
        var prompts = questions.Select(q => decoder.Tokenizer.Encode(decoder.Template.Render([("system", "Answer briefly."), ("user", q)]))).ToList();

        var expected = ReferenceJs.Generate(folder, prompts, NewTokens);

        var ours = prompts.Select(p => decoder.Generate(p, new SamplingSettings(MaxNewTokens: NewTokens)).Select(t => t.Id).ToArray()).ToList();
        for (int i = 0; i < prompts.Count; i++) Assert.Equal(expected[i], ours[i]);
        Assert.True(ours.Select(t => string.Join(",", t)).Distinct().Count() > 1, "the output should depend on the prompt");
        var expectedText = ReferenceJs.Decode(folder, ours);
        for (int i = 0; i < ours.Count; i++)
            Assert.Equal(expectedText[i], string.Concat(ours[i].Select(new TokenTextStream(decoder.Tokenizer).Append)));
    }
}
