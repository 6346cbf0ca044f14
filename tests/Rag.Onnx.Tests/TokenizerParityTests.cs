using Rag.Onnx.Embedding;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;

namespace Rag.Onnx.Tests;

public class TokenizerParityTests
{
    [Theory]
    [InlineData(TestModels.MiniLm)]
    [InlineData(TestModels.BgeEnglish)]
    [InlineData(TestModels.BgeChinese)]
    public void Token_ids_equal_transformers_js(string model)
    {
        var folder = TestModels.Folder(model);
        var texts = SampleTexts.All();
        var tokenizer = LoadTokenizer(folder, maxSequenceLength: 100_000);

        var expected = ReferenceJs.Tokenize(folder, texts);

        Assert.True(texts.Count >= 300, $"only {texts.Count} samples");
        AssertSameIds(texts, expected, texts.Select(tokenizer.Encode).ToArray());
    }

    // Hugging Face (Python) truncation keeps [SEP]; transformers.js drops it, so the expectation is built from its
    // untruncated ids: the first maxLength - 1 ids, then [SEP].
    [Theory]
    [InlineData(TestModels.MiniLm, 256)]
    [InlineData(TestModels.BgeChinese, 32)]
    public void Truncation_keeps_the_window_and_the_separator(string model, int maxLength)
    {
        var folder = TestModels.Folder(model);
        var texts = SampleTexts.Mixtures(60, 11);
        var tokenizer = LoadTokenizer(folder, maxLength);

        var expected = ReferenceJs.Tokenize(folder, texts)
            .Select(ids => ids.Length <= maxLength ? ids : [.. ids[..(maxLength - 1)], ids[^1]]).ToArray();

        Assert.Contains(expected, ids => ids.Length == maxLength);
        AssertSameIds(texts, expected, texts.Select(tokenizer.Encode).ToArray());
    }

    private static SentenceTokenizer LoadTokenizer(string folder, int maxSequenceLength)
    {
        var loaded = EmbeddingModelFolder.Load(new EncoderOptions { ModelPath = folder });
        return new SentenceTokenizer(loaded.Tokenizer, maxSequenceLength);
    }

    private static void AssertSameIds(IReadOnlyList<string> texts, int[][] expected, int[][] actual)
    {
        var mismatches = Enumerable.Range(0, texts.Count).Where(i => !expected[i].SequenceEqual(actual[i])).ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(5).Select(i =>
            $"{texts[i][..Math.Min(80, texts[i].Length)]}\n  js: {string.Join(',', expected[i].Take(40))}\n  us: {string.Join(',', actual[i].Take(40))}"))
            + $"\n{mismatches.Count} of {texts.Count} differ");
    }
}
