using Rag.Contracts;
using Rag.Web.Components.Shared;

namespace Rag.Web.Tests;

public sealed class StatusBadgeTests : BunitContext
{
    private static DocumentInfo Document(string status, string stage = "done", int percent = 100, string? error = null) =>
        new(Guid.NewGuid(), "manuals", "guide.pdf", "application/pdf", 2048, status, new DocumentProgress(stage, 3, 10, percent), 12, 0, 40, error,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Processing_shows_the_stage_and_percent_with_a_progress_bar()
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Document, Document("processing", "extracting", 18)));

        Assert.Equal("Extracting · 18%", badge.Find(".status-processing").TextContent.Trim());
        Assert.Equal("18", badge.Find("progress").GetAttribute("value"));
    }

    [Fact]
    public void Ready_shows_pages_and_chunks_and_no_progress_bar()
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Document, Document("ready")));

        Assert.Equal("Ready · 12 pages · 40 chunks", badge.Find(".status-ready").TextContent.Trim());
        Assert.Empty(badge.FindAll("progress"));
    }

    [Fact]
    public void Failed_shows_the_reason()
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Document, Document("failed", "failed", error: "The PDF is encrypted.")));

        Assert.Equal("Failed: The PDF is encrypted.", badge.Find(".status-failed").TextContent.Trim());
    }

    [Fact]
    public void Queued_says_queued()
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Document, Document("queued", "queued", 0)));

        Assert.Equal("Queued", badge.Find(".status-queued").TextContent.Trim());
    }
}
