namespace Rag.Infrastructure.Tests.Keyword;

/// <summary>Queries find text in other word forms and in scripts written without spaces.</summary>
public class AnalysisTests : KeywordIndexFixture
{
    [Theory]
    [InlineData("知识库简介：如何上传文档。", "知识库")]
    [InlineData("知识库简介：如何上传文档。", "上传文档")]
    [InlineData("東京タワーは高いです。", "東京タワー")]
    [InlineData("ドキュメントをアップロードしてください。", "アップロード")]
    [InlineData("지식 베이스 소개", "베이스")]
    public async Task Cjk_text_without_spaces_is_found_by_a_part_of_it(string text, string query)
    {
        var chunk = NewChunk(text);
        await Index.UpsertAsync([chunk, NewChunk("无关的内容：天气预报。"), NewChunk("Unrelated English text.")]);

        Assert.Equal([chunk.Id], await SearchIds(query));
    }

    [Theory]
    [InlineData("She runs every morning.", "running")]
    [InlineData("The connected devices", "connection")]
    [InlineData("Lucene's scoring model", "lucene")]
    [InlineData("ＲＡＧ ｓｅｒｖｉｃｅ", "rag service")]
    [InlineData("Summary of the QUARTERLY figures", "quarterly")]
    public async Task Other_word_forms_and_cases_match(string text, string query)
    {
        var chunk = NewChunk(text);
        await Index.UpsertAsync([chunk, NewChunk("Something else entirely.")]);

        Assert.Equal([chunk.Id], await SearchIds(query));
    }

    [Fact]
    public async Task Stop_words_alone_find_nothing()
    {
        await Index.UpsertAsync([NewChunk("To be or not to be, that is the question.")]);

        Assert.Empty(await SearchIds("to be or not to be"));
    }

    [Theory]
    [InlineData("Le cafe\u0301 du coin", "café")]
    [InlineData("Le café du coin", "cafe\u0301")]
    [InlineData("Ångström units", "A\u030Angstro\u0308m")]
    public async Task Precomposed_and_decomposed_accents_match_each_other(string text, string query)
    {
        var chunk = NewChunk(text);
        await Index.UpsertAsync([chunk, NewChunk("Something else entirely.")]);

        Assert.Equal([chunk.Id], await SearchIds(query));
    }

    [Fact]
    public async Task A_word_far_beyond_the_longest_term_is_skipped_and_the_rest_still_found()
    {
        // Lucene refuses terms over 32,766 bytes; the tokenizer drops words over 255 characters before that.
        var chunk = NewChunk($"Before {new string('x', 100_000)} after comes the kingfisher.");
        await Index.UpsertAsync([chunk, NewChunk("Something else entirely.")]);

        Assert.Equal([chunk.Id], await SearchIds("kingfisher"));
        Assert.Empty(await SearchIds(new string('x', 100_000)));
    }
}
