using Rag.Core.Chunking;
using Rag.Core.Extraction;

namespace Rag.Core.Tests.Chunking;

public class TextChunkerTests
{
    private static readonly ApproximateTokenCounter Counter = new();

    private static List<ChunkDraft> Chunk(int max, int overlap, params ExtractedPage[] pages) =>
        new TextChunker(Counter, new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap })
            .Chunk(new ExtractedDocument(pages)).ToList();

    private static string Sentences(int count, string prefix = "Sentence") =>
        string.Join(" ", Enumerable.Range(1, count).Select(i => $"{prefix} number {i} talks about topic {i}."));

    [Fact]
    public void Every_chunk_fits_the_budget_and_its_span_points_at_its_text()
    {
        var page = new ExtractedPage(3, Sentences(200));
        var chunks = Chunk(64, 16, page);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c =>
        {
            Assert.Equal(3, c.Page);
            Assert.Equal(page.Text[c.Start..c.End], c.Text);
            Assert.InRange(Counter.CountTokens(c.Text), 1, 64);
        });
    }

    [Fact]
    public void Chunks_cover_every_sentence_and_overlap_a_little()
    {
        var page = new ExtractedPage(1, Sentences(60));
        var chunks = Chunk(64, 16, page);

        for (int i = 1; i <= 60; i++)
            Assert.Contains(chunks, c => c.Text.Contains($"number {i} talks"));
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.True(pair.Second.Start < pair.First.End, "consecutive chunks overlap"));
        Assert.All(chunks, c => Assert.EndsWith(".", c.Text));
    }

    [Fact]
    public void Chunks_never_cross_pages()
    {
        var chunks = Chunk(512, 32, new ExtractedPage(1, "Page one text."), new ExtractedPage(2, ""), new ExtractedPage(3, "Page three text."));
        Assert.Equal([(1, "Page one text."), (3, "Page three text.")], chunks.Select(c => (c.Page, c.Text)));
    }

    [Fact]
    public void Long_chinese_text_without_punctuation_is_cut_into_bounded_chunks()
    {
        var text = string.Concat(Enumerable.Repeat("知识库系统存储文档并回答问题", 100));
        var chunks = Chunk(100, 10, new ExtractedPage(1, text));

        Assert.True(chunks.Count >= 14);
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 100));
        Assert.Equal(text.Length, chunks[^1].End);
    }

    [Fact]
    public void Chunks_carry_the_heading_in_force()
    {
        var text = "Intro text here.\n\nInstall\n\nRun the installer.";
        var page = new ExtractedPage(1, text, [new SectionStart(0, "Guide"), new SectionStart(text.IndexOf("Install"), "Guide > Install")]);
        var chunks = Chunk(8, 0, page);

        Assert.Equal("Guide", chunks[0].Heading);
        Assert.Equal("Guide > Install", chunks.Single(c => c.Text.Contains("installer")).Heading);
    }

    [Fact]
    public void A_word_longer_than_a_chunk_is_cut_by_length_between_graphemes()
    {
        // A tokenizer may count this "word" as a single token; it still must not become one megabyte-sized chunk.
        const string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
        var word = string.Concat(Enumerable.Repeat("e\u0301" + family + "\U0001F44B\U0001F3FD", 20_000));
        var page = new ExtractedPage(1, $"Start. {word} end.");

        var chunks = Chunk(64, 8, page);

        Assert.Equal((0, page.Text.Length), (chunks[0].Start, chunks[^1].End));
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.True(string.IsNullOrWhiteSpace(page.Text[pair.First.End..Math.Max(pair.First.End, pair.Second.Start)]), "text lost between chunks"));
        Assert.All(chunks, c =>
        {
            Assert.InRange(c.Text.Length, 1, 64 * 16);
            Assert.Equal(page.Text[c.Start..c.End], c.Text);
            Assert.False(char.IsLowSurrogate(c.Text[0]) || char.IsHighSurrogate(c.Text[^1]), "surrogate pair split");
            Assert.False(c.Text[0] is '\u0301' or '\u200D' || c.Text[^1] == '\u200D', "grapheme split");
            Assert.False(c.Text.StartsWith("\U0001F3FD", StringComparison.Ordinal), "skin tone split from its hand");
        });
    }

    [Fact]
    public void Chunks_are_cut_between_rows_never_inside_one()
    {
        var rows = Enumerable.Range(1, 40)
            .Select(i => $"Item: widget {i}. Note: ships in {i} days. Dr. Who approves! Price: {i * 3} EUR\n").ToList();
        var text = "Sheet: Stock\n" + string.Concat(rows);
        var spans = new List<Range>();
        var at = text.IndexOf("Item", StringComparison.Ordinal);
        foreach (var row in rows) { spans.Add(at..(at + row.Length)); at += row.Length; }
        var chunks = Chunk(40, 12, new ExtractedPage(2, text, Rows: spans));

        Assert.True(chunks.Count > 5);
        Assert.All(chunks.Where(c => c.Start > 0), c => Assert.StartsWith("Item: widget", c.Text));
        Assert.All(chunks, c => Assert.EndsWith("EUR", c.Text));
        for (var i = 1; i <= 40; i++)
            Assert.Contains(chunks, c => c.Text.Contains($"Item: widget {i}. Note: ships in {i} days. Dr. Who approves! Price: {i * 3} EUR"));
    }
}
