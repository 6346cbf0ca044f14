using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Embedding;
using Rag.Onnx.Embedding;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests;

public class EncoderTests
{
    private static readonly string LongText = string.Join(' ', SampleTexts.SciFact(5, 5000));

    [Fact]
    public void Long_texts_are_truncated_to_the_window_keeping_the_separator()
    {
        using var encoder = Load(TestModels.MiniLm);
        using var narrow = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = TestModels.Folder(TestModels.MiniLm), MaxSequenceLength = 16 });

        var ids = encoder.Tokenizer.Encode(LongText);
        var narrowIds = narrow.Tokenizer.Encode(LongText);

        Assert.Equal(256, ids.Length);
        Assert.Equal(102, ids[^1]);
        Assert.Equal(ids[..15], narrowIds[..15]);
        Assert.Equal([16, 102], new[] { narrowIds.Length, narrowIds[^1] });
        Assert.Equal(64, encoder.Embed([LongText])[0].Vector.Length);
    }

    [Fact]
    public void Model_card_describes_the_generated_model()
    {
        var folder = TestModels.CopyToTemp(TestModels.MiniLm);
        File.WriteAllText(Path.Combine(folder, "README.md"), "---\nlanguage: en\nlicense: apache-2.0\n---\n# Model\n");
        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = folder });

        var card = encoder.Card;

        Assert.Equal(TestModels.ExpectedParameterCount(TestModels.MiniLm), card.ParameterCount);
        Assert.Equal(("all-MiniLM-L6-v2", "BertModel", "embedding"), (card.Name, card.Architecture, card.Kind));
        Assert.Equal((2, 64, 4, 64), (card.Layers!.Value, card.HiddenSize!.Value, card.AttentionHeads!.Value, card.Dimensions!.Value));
        Assert.Equal((256, "mean", "fp32", "cpu"), (card.MaxSequenceLength, card.Pooling, card.Quantization, card.ExecutionProvider));
        Assert.Equal("apache-2.0", card.License);
        Assert.Equal(encoder.Fingerprint, card.Fingerprint);
    }

    [Fact]
    public void Fingerprint_is_stable_and_changes_with_the_weights_or_the_window()
    {
        var folder = TestModels.CopyToTemp(TestModels.MiniLm);
        string Fingerprint(int? maxLength = null)
        {
            using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = folder, MaxSequenceLength = maxLength });
            return encoder.Fingerprint;
        }

        var original = Fingerprint();
        var again = Fingerprint();
        var shorterWindow = Fingerprint(128);
        File.Copy(Path.Combine(TestModels.Folder(TestModels.BgeEnglish), "model.onnx"), Path.Combine(folder, "onnx", "model.onnx"), overwrite: true);
        var otherWeights = Fingerprint();

        Assert.Matches("^[0-9a-f]{16}$", original);
        Assert.Equal(original, again);
        Assert.NotEqual(original, shorterWindow);
        Assert.NotEqual(original, otherWeights);
    }

    [Fact]
    public void Cuda_request_without_cuda_falls_back_to_cpu_with_one_warning()
    {
        var logger = new ListLogger();

        using var encoder = OnnxSentenceEncoder.Load(
            new EncoderOptions { ModelPath = TestModels.Folder(TestModels.BgeEnglish), ExecutionProvider = "cuda" }, logger);

        Assert.Equal(encoder.ExecutionProvider, encoder.Card.ExecutionProvider);
        CudaFallback.AssertProviderInUse(encoder.Card.ExecutionProvider, logger);
        Assert.Single(encoder.Embed(["still works"]));
    }

    [Fact]
    public async Task Queries_get_the_query_prefix_and_passages_the_passage_prefix()
    {
        using var encoder = Load(TestModels.BgeEnglish);
        const string question = "what is hybrid retrieval?";

        var query = await encoder.EmbedQueryAsync(question);
        var viaOptions = await encoder.GenerateAsync([question],
            new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "query" } });
        var passage = (await encoder.EmbedPassagesAsync([question]))[0];

        var prefixed = encoder.Embed([PromptPrefixes.BgeEnglishQuery + question])[0];
        Assert.Equal(prefixed.Vector.ToArray(), query.Vector.ToArray());
        Assert.Equal(prefixed.Vector.ToArray(), viaOptions[0].Vector.ToArray());
        Assert.Equal(encoder.Embed([question])[0].Vector.ToArray(), passage.Vector.ToArray());
        Assert.NotEqual(query.Vector.ToArray(), passage.Vector.ToArray());
    }

    [Fact]
    public void Token_counter_counts_model_tokens_without_the_special_ones()
    {
        using var encoder = Load(TestModels.BgeChinese);
        var counter = encoder.CreateTokenCounter();
        const string text = "检索增强生成 combines retrieval and generation.";

        Assert.Equal(encoder.Tokenizer.Encode(text).Length - 2, counter.CountTokens(text));
        Assert.Equal(510, counter.MaxContentTokens);
        Assert.True(counter.CountTokens(LongText) > 512);
    }

    [Fact]
    public void Service_registration_gives_the_loaded_encoder_and_a_ready_status()
    {
        var services = new ServiceCollection().AddOnnxEncoder(new EncoderOptions { ModelPath = TestModels.Folder(TestModels.MiniLm) }, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();

        var model = provider.GetRequiredService<EmbeddingModelProvider>();
        var encoder = model.Encoder!;

        Assert.Equal(EmbeddingModelState.Ready, model.Status.State);
        Assert.Equal(64, encoder.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Theory]
    [InlineData("none", EmbeddingModelState.Disabled, "'none'")]
    [InlineData("/no/such/model/folder", EmbeddingModelState.Failed, "/no/such/model/folder")]
    public void Without_a_loadable_model_there_is_no_encoder_and_the_status_says_why(string model, EmbeddingModelState state, string named)
    {
        var services = new ServiceCollection().AddOnnxEncoder(new EncoderOptions { Model = model }, Path.GetTempPath());
        using var provider = services.BuildServiceProvider();

        var loaded = provider.GetRequiredService<EmbeddingModelProvider>();
        Assert.Null(loaded.Encoder);
        var status = loaded.Status;
        Assert.Equal(state, status.State);
        Assert.Contains(named, status.Reason);
    }

    private static OnnxSentenceEncoder Load(string model) => OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = TestModels.Folder(model) });
}
