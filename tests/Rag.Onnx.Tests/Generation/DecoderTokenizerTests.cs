using Rag.Onnx.Generation;
using Rag.Onnx.Tests.Support;

namespace Rag.Onnx.Tests.Generation;

/// <summary>The decoder tokenizer families against transformers.js's AutoTokenizer on the same tokenizer.json:
/// SentencePiece-style BPE with byte fallback (generated Llama 2 style folder), WordPiece (real bge vocabulary) and
/// byte-level BPE (real SmolLM2, and the Qwen2-family fixture): same ids, same decoded text, and streaming token by token equals the full decode.</summary>
public sealed class DecoderTokenizerTests
{
    private static readonly string[] Seeds =
    [
        "Hello world", "The pump must be inspected every week.", "What is the maximum pressure?", "Maximum pressure is 12 bar; relief at 13.",
        "Café naïve résumé", "Überdruck Größe Straße", "déjà vu, garçon!", "señor año über schön",
        "最大压力是多少?", "最大压力为十二巴。", "压力 pressure 压力", "日本語のテキスト",
        "😀 ok", "👍🏽 thumbs", "emoji 🚀🔥 rocket", "flags 🇩🇪 🇫🇷",
        "two  spaces", "  leading spaces", "trailing space ", "tab\tseparated",
        "line one\nline two", "\n\nblank lines\n", "CRLF\r\nline", "mixed \n  indent",
        "numbers 1234567890", "3.14159 and 2,000 hours", "email: ops@example.com", "path /usr/bin/python3",
        "Don't stop; it's fine.", "\"quoted\" text", "(brackets) [square] {curly}", "a-b_c+d=e",
        "ALL CAPS SHOUTING", "camelCaseWord", "snake_case_word", "unknownwordzzz qqq xyzzy",
    ];

    public static TheoryData<string> Families => ["SentencePiece", "WordPiece", "ByteLevel", "Qwen2"];

    /// <summary>~100 varied strings: the seeds, and each with a question suffix and a newline-joined repeat.</summary>
    private static List<string> Texts() =>
        [.. Seeds, .. Seeds.Select(s => s + " Why?"), .. Seeds.Take(28).Select(s => s + "\n" + s.ToUpperInvariant())];

    private static string Folder(string family) => family switch
    {
        "SentencePiece" => TokenizerFixtures.SentencePiece,
        "WordPiece" => TokenizerFixtures.WordPiece,
        "Qwen2" => TokenizerFixtures.Qwen2,
        _ => TokenizerFixtures.ByteLevel,
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Ids_and_decoded_text_equal_transformers_js(string family)
    {
        var folder = Folder(family);
        var tokenizer = DecoderTokenizer.FromFile(Path.Combine(folder, "tokenizer.json"));
        var texts = Texts();
        var ours = texts.Select(tokenizer.Encode).ToList();

        var expected = ReferenceJs.Tokenize(folder, texts, addSpecialTokens: false);
        for (int i = 0; i < texts.Count; i++) Assert.True(expected[i].SequenceEqual(ours[i]), $"{family} ids differ for {texts[i]}");

        var expectedText = ReferenceJs.Decode(folder, ours);
        for (int i = 0; i < texts.Count; i++) Assert.Equal(expectedText[i], tokenizer.Decode(ours[i]));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Streaming_token_by_token_equals_the_full_decode(string family)
    {
        var tokenizer = DecoderTokenizer.FromFile(Path.Combine(Folder(family), "tokenizer.json"));
        foreach (var text in Texts())
        {
            var ids = tokenizer.Encode(text);
            var stream = new TokenTextStream(tokenizer);
            var pieces = ids.Select(stream.Append).ToList();
            Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
            Assert.Equal(tokenizer.Decode(ids), string.Concat(pieces));
        }
    }

    [Fact]
    public void SentencePiece_round_trips_every_text_and_falls_back_to_bytes_for_unknown_characters()
    {
        var tokenizer = DecoderTokenizer.FromFile(Path.Combine(TokenizerFixtures.SentencePiece, "tokenizer.json"));
        Assert.IsType<SentencePieceBpe>(tokenizer);
        foreach (var text in Texts()) Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));

        var chinese = tokenizer.Encode("压");   // E5 8E 8B after "▁"
        Assert.Equal(["<0xE5>", "<0x8E>", "<0x8B>"], chinese.Skip(1).Select(id => $"<0x{tokenizer.Bytes(id, 0).ToArray().Single():X2}>"));
        Assert.Equal(1, tokenizer.SpecialId("<s>"));
        Assert.Equal([1, 1], tokenizer.Encode("<s><s>"));
    }

    [Fact]
    public void Each_family_is_chosen_from_tokenizer_json()
    {
        Assert.IsType<SentencePieceBpe>(DecoderTokenizer.FromFile(Path.Combine(TokenizerFixtures.SentencePiece, "tokenizer.json")));
        Assert.IsType<WordPieceDecoderTokenizer>(DecoderTokenizer.FromFile(Path.Combine(TokenizerFixtures.WordPiece, "tokenizer.json")));
        Assert.IsType<ByteLevelBpe>(DecoderTokenizer.FromFile(Path.Combine(TokenizerFixtures.ByteLevel, "tokenizer.json")));
    }
}
