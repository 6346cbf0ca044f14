using Rag.Onnx.Embedding;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;

namespace Rag.Onnx.Tests;

public class EmbeddingParityTests
{
    [Theory]
    [InlineData(TestModels.MiniLm, "mean")]
    [InlineData(TestModels.BgeEnglish, "cls")]
    [InlineData(TestModels.BgeChinese, "cls")]
    public void Embeddings_equal_transformers_js_feature_extraction(string model, string pooling)
    {
        var folder = TestModels.Folder(model);
        string[] texts = [.. SampleTexts.Handwritten, .. SampleTexts.SciFact(20, 500)];
        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = folder, BatchSize = 8 });
        Assert.Equal(pooling, encoder.Card.Pooling);

        var expected = ReferenceJs.Embed(folder, texts, pooling);
        var actual = encoder.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = Vectors.Cosine(expected[i], actual[i].Vector.Span);
            Assert.True(cosine >= 0.9999, $"cosine {cosine} for \"{texts[i]}\"");
        }
    }

    [Fact]
    public void Mean_and_cls_pooling_give_different_vectors()
    {
        var folder = TestModels.Folder(TestModels.MiniLm);
        using var mean = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = folder, Pooling = PoolingMode.Mean });
        using var cls = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = folder, Pooling = PoolingMode.Cls });
        const string text = "Pooling decides which token states make the sentence vector.";

        var cosine = Vectors.Cosine(mean.Embed([text])[0].Vector.Span, cls.Embed([text])[0].Vector.Span);

        Assert.True(cosine < 0.99, $"cosine {cosine}");
    }
}
