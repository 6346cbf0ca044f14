using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing;

namespace Rag.Onnx.Tests.Support;

/// <summary>Varied inputs for tokenizer and embedding comparisons.</summary>
internal static class SampleTexts
{
    public static readonly string[] Handwritten =
    [
        "Hello, World!",
        "The quick brown fox jumps over the lazy dog.",
        "",
        "   ",
        "a",
        "UPPER lower MiXeD CaSe",
        "Don't stop-believing; it's 5 o'clock (somewhere)... right?!",
        "café naïve façade Zürich Ångström résumé coöperate Ελληνικά Москва",
        "Crème brûlée à la carte — señor niño ¿qué? ¡sí!",
        "e\u0301 combining acute, n\u0303, a\u030A",
        "1234567890 3.14159 1,000,000 -42 +7 1e-10 0x1F 50% $19.99 €5 £3 ¥100",
        "2024-01-15T10:30:00Z 10:45 pm 12/31/1999",
        "https://example.com/path/to/page?query=value&other=1#fragment",
        "Email me at first.last+tag@example.co.uk or visit www.rag-service.io",
        "C:\\Users\\name\\Documents\\file.txt and /usr/local/bin/dotnet",
        "function foo(x) { return x * 2; } // comment",
        "SELECT * FROM table WHERE id = 42;",
        "<html><body><p>Hello &amp; goodbye</p></body></html>",
        "检索增强生成是一种结合检索和生成的技术。",
        "为这个句子生成表示以用于检索相关文章：北京是中国的首都",
        "我爱自然语言处理，NLP is fun! 2024年1月15日",
        "日本語のテキスト：東京タワーは高い。カタカナとひらがな",
        "한국어 텍스트 처리는 어렵습니다",
        "Mixed 中文 and English 混合 text with numbers 123 和标点。",
        "العربية نص تجريبي",
        "हिन्दी पाठ परीक्षण",
        "ภาษาไทย ทดสอบ",
        "Emoji 😀🎉👍🏽 ❤️ 🇺🇸 👨‍👩‍👧‍👦 end",
        "🙂",
        "Tabs\tand\nnewlines\r\nand  multiple   spaces",
        "Zero\u200Bwidth\u200Cjoiner\u200Dand\uFEFFbom",
        "Control\u0000chars\u0007here\u001Fend",
        "Non\u00A0breaking\u2003em space\u3000ideographic",
        "[CLS] special [SEP] tokens [MASK] in [PAD] text [UNK]",
        "[cls] lowercase special",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        new string('x', 150),
        new string('a', 99) + " " + new string('b', 100) + " " + new string('c', 101),
        "#hashtag @mention $cashtag ~tilde ^caret `backtick` |pipe| \\backslash",
        "«quotes» „German“ ‘single’ “double” 「Japanese」 《Chinese》",
        "Math: ∑ x² ≤ ∞, α+β=γ, √2 ≈ 1.414, ∂f/∂x, ½ ¼ ⅓",
        "ﬁ ﬂ ligatures, ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ, ①②③",
        "Ⅻ roman numeral, ™ ® © symbols",
        "IL-6 and TNF-α levels were elevated (p<0.001) in CD4+ T-cells.",
        "BRCA1/2 mutations; HbA1c ≥ 6.5%; SARS-CoV-2 Omicron BA.2.86",
        "don’t won’t can’t it’s",
        "....!!!???,,,;;;:::---___",
        "A.B.C. U.S.A. e.g. i.e. etc.",
    ];

    /// <summary>Titles and opening sentences of SciFact abstracts: real scientific English.</summary>
    public static IReadOnlyList<string> SciFact(int count, int maxChars)
    {
        var path = Path.Combine(Path.GetDirectoryName(RepositoryPaths.SharedModels)!, "eval", "scifact", "corpus.jsonl");
        return File.ReadLines(path).Take(count).Select(line =>
        {
            var doc = JsonNode.Parse(line)!;
            var text = doc["title"]!.GetValue<string>() + " " + doc["text"]!.GetValue<string>();
            return text.Length <= maxChars ? text : text[..maxChars];
        }).ToList();
    }

    /// <summary>Deterministic mixtures of the handwritten samples, including long ones that need truncation.</summary>
    public static IReadOnlyList<string> Mixtures(int count, int seed)
    {
        var random = new Random(seed);
        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            var parts = random.Next(2, i % 10 == 0 ? 60 : 6);
            for (var p = 0; p < parts; p++) builder.Append(Handwritten[random.Next(Handwritten.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            result.Add(builder.ToString());
        }
        return result;
    }

    public static IReadOnlyList<string> All() => [.. Handwritten, .. SciFact(150, 600), .. Mixtures(120, 7)];
}
