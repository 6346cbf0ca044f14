using System.Text.Json.Nodes;
using Rag.Onnx.Generation;
using Rag.Onnx.Tests.Support;

namespace Rag.Onnx.Tests.Generation;

/// <summary>The Qwen2 family (the first-run LLM's): our byte-level BPE follows the folder's NFC normalizer and Split
/// pre-tokenizer rather than GPT-2's pattern, giving transformers.js's ids on varied text; the Qwen2.5 chat template
/// (with its default system message) renders as transformers.js's Jinja does with the folder's template.</summary>
public sealed class Qwen2TokenizerTests
{
    // Where Qwen2's split differs from GPT-2's: digit runs, upper-case contractions, a letter run taking one leading
    // non-letter, newline runs, decomposed accents (NFC), letters outside the BMP, and non-special added tokens.
    private static readonly string[] QwenEdges =
    [
        "12345 and 2024-01-15: 3.14159, 1,000,000 (x10)",
        "DON'T WE'LL I'M YOU'RE SHE'S THEY'VE HE'D",
        "don't we'll i'm you're she's they've he'd",
        "$100 #tag @user _under -dash +plus ¿qué? «quoted»",
        "line one\nline two\r\n\r\nline four\n\n\n   \n  indented\n",
        "trailing spaces   \n\t tab then text   ",
        "e\u0301te\u0301 cafe\u0301 n\u0303 A\u030A vs été café ñ Å",
        "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ﬁ ligature",
        "检索增强生成是一种结合检索和生成的技术。2024年1月15日",
        "日本語のテキスト：東京タワーは高い。한국어 텍스트",
        "😀abc 🎉Party 👍🏽ok 𝐀𝐁𝐂 bold 𠀀𠀁 ext-b 𝟏𝟐𝟑 digits",
        "<tool_call>\n{\"name\": \"search\"}\n</tool_call> and <|im_start|>user\nhi<|im_end|>",
        "x<tool_call>y</tool_call>z <|endoftext|>",
        "   ", "\n", "", "a", "I", "'s", "''s", "'S'",
    ];

    private static readonly (string Role, string Content)[] Conversation =
    [
        ("user", "What is the maximum pressure?"),
        ("assistant", "Twelve bar [1]."),
        ("user", "Und die Temperatur? 温度? 12°C"),
    ];

    private static string Folder => TokenizerFixtures.Qwen2;

    private static IDecoderTokenizer Tokenizer => DecoderTokenizer.FromFile(Path.Combine(Folder, "tokenizer.json"));

    [Fact]
    public void Ids_equal_transformers_js_on_varied_text()
    {
        string[] texts = [.. QwenEdges, .. SampleTexts.All()];
        var tokenizer = Tokenizer;

        var expected = ReferenceJs.Tokenize(Folder, texts, addSpecialTokens: false);

        var mismatches = Enumerable.Range(0, texts.Length).Where(i => !expected[i].SequenceEqual(tokenizer.Encode(texts[i]))).ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(5).Select(i =>
            $"{texts[i][..Math.Min(80, texts[i].Length)]}\n  js: {string.Join(',', expected[i].Take(40))}\n  us: {string.Join(',', tokenizer.Encode(texts[i]).Take(40))}"))
            + $"\n{mismatches.Count} of {texts.Length} differ");
    }

    [Fact]
    public void The_folders_pipeline_is_followed_not_gpt2s()
    {
        var qwen = Tokenizer;
        var gpt2Style = DecoderTokenizer.FromFile(Path.Combine(TokenizerFixtures.ByteLevel, "tokenizer.json")); // same vocabulary and merges

        // Digits one by one, and "\n\n\n" kept whole by \s*[\r\n]+.
        Assert.Equal(5, qwen.Encode("12345").Count);
        Assert.Equal(qwen.Encode("é"), qwen.Encode("e\u0301"));
        Assert.NotEqual(gpt2Style.Encode("e\u0301"), qwen.Encode("e\u0301"));
        var differing = QwenEdges.Count(text => !gpt2Style.Encode(text).SequenceEqual(qwen.Encode(text)));
        Assert.True(differing >= 5, $"only {differing} texts tokenize differently from the GPT-2 style split");
    }

    [Fact]
    public void Chat_template_with_its_default_system_message_equals_transformers_js()
    {
        var folderTemplate = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "tokenizer_config.json")))!["chat_template"]!.GetValue<string>();
        var tokenizer = Tokenizer;
        var template = ChatTemplate.Detect(folderTemplate, tokenizer.SpecialTokens);
        Assert.Equal(ChatTemplate.Format.ChatML, template.Kind);
        Assert.Equal("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", template.DefaultSystem);

        foreach (var conversation in new[] { Conversation, [("system", "Answer from the sources."), .. Conversation] })
        {
            var text = template.Render(conversation);
            Assert.Equal(ReferenceJs.Chat(Folder, conversation), text);
            Assert.Equal(ReferenceJs.Tokenize(Folder, [text], addSpecialTokens: false)[0], tokenizer.Encode(text));
        }
        Assert.StartsWith("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud.", template.Render(Conversation));
    }
}
