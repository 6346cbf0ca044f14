namespace Rag.Infrastructure.Tests.Keyword;

/// <summary>User text is never query syntax: nothing a user types makes a search fail.</summary>
public class HostileQueryTests : KeywordIndexFixture
{
    public static TheoryData<string> QueriesWithoutSearchableTerms =>
    [
        "",
        "   \t\n",
        "?!*~^:;()[]{}\"'\\/",
        "\0\0\0",
        "🔥🚀🤖",
        "\uD800",
        new string('(', 10_000),
    ];

    [Theory]
    [MemberData(nameof(QueriesWithoutSearchableTerms))]
    public async Task Queries_without_searchable_terms_return_no_hits(string query)
    {
        await Index.UpsertAsync([NewChunk("Ordinary text about parsers.")]);

        Assert.Empty(await SearchIds(query));
    }

    [Theory]
    [InlineData("AND OR NOT ( parsers")]
    [InlineData("text:(parsers)^10 OR *:*")]
    [InlineData("\"parsers")]
    [InlineData("parsers\0~2")]
    [InlineData("parsers 🔥")]
    public async Task Query_syntax_in_user_text_is_treated_as_plain_words(string query)
    {
        var chunk = NewChunk("Ordinary text about parsers.");
        await Index.UpsertAsync([chunk, NewChunk("Something unrelated.")]);

        Assert.Equal([chunk.Id], await SearchIds(query));
    }

    [Fact]
    public async Task A_ten_thousand_character_query_with_thousands_of_distinct_words_still_answers()
    {
        var chunk = NewChunk("Ordinary text about parsers.");
        await Index.UpsertAsync([chunk]);
        var words = Enumerable.Range(0, 2_000).Select(i => $"w{i}");
        var query = ("parsers " + string.Join(' ', words))[..10_000];

        Assert.Equal([chunk.Id], await SearchIds(query));
    }
}
