using Rag.Core.Text;

namespace Rag.Core.Tests.Text;

public class SentenceSplitterTests
{
    private static string[] Sentences(string text) => SentenceSplitter.Split(text).Select(r => text[r].Trim()).ToArray();

    [Fact]
    public void Splits_english_sentences_but_not_at_abbreviations_or_decimals()
    {
        var s = Sentences("Dr. Smith measured 3.5 mm, e.g. in rats. It worked! Did it? Yes.");
        Assert.Equal(["Dr. Smith measured 3.5 mm, e.g. in rats.", "It worked!", "Did it?", "Yes."], s);
    }

    [Fact]
    public void Splits_chinese_without_spaces()
    {
        Assert.Equal(["知识库是什么？", "它存储文档。", "然后回答问题"], Sentences("知识库是什么？它存储文档。然后回答问题"));
    }

    [Fact]
    public void Spans_tile_the_whole_text()
    {
        const string text = "  First one.  Second one\n\nThird paragraph without end";
        var spans = SentenceSplitter.Split(text);
        Assert.Equal(text, string.Concat(spans.Select(r => text[r])));
        Assert.Equal(text.Length, spans[^1].End.Value);
        for (int i = 1; i < spans.Count; i++) Assert.Equal(spans[i - 1].End.Value, spans[i].Start.Value);
    }
}
