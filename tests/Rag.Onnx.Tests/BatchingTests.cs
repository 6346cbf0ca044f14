using Rag.Onnx.Embedding;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;

namespace Rag.Onnx.Tests;

public class BatchingTests
{
    private static readonly string[] MixedLengths =
    [
        "short",
        "A somewhat longer sentence about retrieval augmented generation and vector search.",
        "x",
        string.Join(' ', Enumerable.Repeat("Long passages get padded less when batches are sorted by length.", 12)),
        "中文句子也在同一个批次里。",
        "Medium length text with numbers 1, 2 and 3.",
        "",
        "Another one: emoji 🙂 and accents café.",
        string.Join(' ', Enumerable.Repeat("tokens", 90)),
        "The last text.",
        "Padding must not change any vector.",
    ];

    [Theory]
    [InlineData(TestModels.MiniLm)]
    [InlineData(TestModels.BgeEnglish)]
    public void A_text_alone_equals_the_same_text_inside_a_mixed_batch(string model)
    {
        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = TestModels.Folder(model), BatchSize = 4 });

        var batched = encoder.Embed(MixedLengths);

        Assert.Equal(MixedLengths.Length, batched.Count);
        for (var i = 0; i < MixedLengths.Length; i++)
        {
            var alone = encoder.Embed([MixedLengths[i]])[0];
            Assert.True(Vectors.MaxAbsDifference(alone.Vector.Span, batched[i].Vector.Span) <= 1e-5f, $"text {i} differs");
        }
    }

    [Fact]
    public void Vectors_are_unit_length_and_reported_usage_counts_real_tokens()
    {
        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = TestModels.Folder(TestModels.MiniLm), BatchSize = 3 });

        var result = encoder.Embed(MixedLengths);

        Assert.All(result, e => Assert.Equal(1.0, Math.Sqrt(e.Vector.Span.ToArray().Sum(v => (double)v * v)), 4));
        Assert.Equal(MixedLengths.Sum(t => encoder.Tokenizer.Encode(t).Length), result.Usage!.InputTokenCount);
    }

    [Fact]
    public void Batches_are_sorted_by_length_and_map_back_to_input_positions()
    {
        int[][] tokenized = [[101, 5, 6, 7, 102], [101, 102], [101, 5, 102], [101, 5, 6, 102]];

        var batches = TokenBatch.Plan(tokenized, batchSize: 2, paddingTokenId: 0);

        Assert.Equal([[1, 2], [3, 0]], batches.Select(b => b.SourceIndices));
        Assert.Equal([3, 5], batches.Select(b => b.SequenceLength));
        Assert.Equal([101, 5, 6, 102, 0, 101, 5, 6, 7, 102], batches[1].InputIds);
        Assert.Equal([1, 1, 1, 1, 0, 1, 1, 1, 1, 1], batches[1].AttentionMask);
        Assert.Equal(9, batches[1].RealTokens);
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_vectors_as_a_single_caller()
    {
        using var encoder = OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = TestModels.Folder(TestModels.BgeEnglish), BatchSize = 2 });
        var expected = encoder.Embed(MixedLengths);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => encoder.GenerateAsync(MixedLengths))));

        foreach (var result in results)
            for (var i = 0; i < MixedLengths.Length; i++)
                Assert.True(Vectors.MaxAbsDifference(expected[i].Vector.Span, result[i].Vector.Span) <= 1e-6f);
    }
}
