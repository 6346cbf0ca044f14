using Rag.Contracts;
using Rag.Web.Text;

namespace Rag.Web.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("Research papers", "research-papers")]
    [InlineData("  Q3 / 2026 reports!  ", "q3-2026-reports")]
    [InlineData("Ünïcode Names", "ünïcode-names")]
    [InlineData("manuals_v2.1", "manuals_v2.1")]
    [InlineData("--- ", "")]
    [InlineData("Ｒｅｐｏｒｔｓ．", "reports")]
    [InlineData("notes 2026.", "notes-2026")]
    public void Typed_collection_names_become_names_the_service_takes(string typed, string slug) =>
        Assert.Equal(slug, CollectionName.Slug(typed));

    [Fact]
    public void A_page_is_put_back_together_from_overlapping_chunks_and_split_around_the_quote()
    {
        var page = "Pumps run at 5 bar. Valves close slowly. Seals last a year.";
        var chunks = new[] { Chunk(20, page[20..]), Chunk(0, page[..40]) };

        var text = PageText.Join(chunks);
        Assert.Equal(page, text);
        Assert.Equal(("Pumps run at 5 bar. ", "Valves close slowly.", " Seals last a year."), PageText.Around(text, "valves close slowly."));
        Assert.Equal(("Pumps run at 5 bar. ", "Valves close sl", "owly. Seals last a year."), PageText.Around(text, "Valves close slowly, then stop for good"));
        Assert.Equal((text, "", ""), PageText.Around(text, "Nothing like this is there"));
    }

    private static ChunkInfo Chunk(int start, string text) => new(Guid.NewGuid(), 0, 1, start, start + text.Length, text, null);
}
