using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>Several files chosen at once: the upload zone lists what became of each one.</summary>
public sealed class UploadOutcomesUiTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_upload_zone_lists_each_files_outcome_with_the_reason_for_a_refusal()
    {
        const string copied = "The kettle is descaled every Friday.";
        await session.Service.Client.CreateCollectionAsync("mixed");
        await session.Service.Client.UploadOkAsync("mixed", ("kettle.txt", Encoding.UTF8.GetBytes(copied)));
        var folder = Directory.CreateTempSubdirectory("rag-e2e-upload-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "guide.md"), "# Guide\n\nThe office opens at eight.\n");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "kettle-copy.txt"), copied);
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "setup.exe"), [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]);
        var page = await session.OpenAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("mixed");
        var picker = page.GetByLabel("Choose files");
        await Expect(picker).ToBeEnabledAsync();
        await picker.SetInputFilesAsync(Directory.GetFiles(folder.FullName));

        ILocator Row(string name) => page.Locator(".uploads li", new() { HasText = name });
        await Expect(Row("guide.md")).ToHaveAttributeAsync("data-outcome", "stored");
        await Expect(Row("guide.md").Locator(".upload-state")).ToHaveTextAsync("Stored");
        await Expect(Row("kettle-copy.txt").Locator(".upload-state")).ToHaveTextAsync("Duplicate: already in this collection");
        await Expect(Row("empty.txt")).ToHaveAttributeAsync("data-outcome", "refused");
        await Expect(Row("empty.txt").Locator(".upload-state")).ToHaveTextAsync("Refused: 'empty.txt' is empty.");
        await Expect(Row("setup.exe").Locator(".upload-state")).ToContainTextAsync("Refused: 'setup.exe' is not a supported file type");
        await Expect(page.Locator("tr", new() { HasText = "guide.md" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "library-upload-outcomes");
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_file_answered_429_is_sent_again_after_the_retry_after_delay()
    {
        await session.Service.Client.CreateCollectionAsync("busy");
        var file = Path.Combine(Path.GetTempPath(), $"busy-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "Sent again once the service had room.");
        var page = await session.OpenAsync();
        var refusals = 0;
        // The service's own 429 (rate limit, full ingestion queue) as the browser sees it, once.
        await page.RouteAsync("**/api/collections/busy/documents", async route =>
        {
            if (route.Request.Method == "POST" && refusals++ == 0)
                await route.FulfillAsync(new()
                {
                    Status = 429, ContentType = "application/problem+json", Headers = new Dictionary<string, string> { ["Retry-After"] = "2" },
                    Body = """{"status":429,"title":"Too many requests","detail":"Slow down."}""",
                });
            else await route.ContinueAsync();
        });

        await page.GotoAsync("/");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("busy");
        var picker = page.GetByLabel("Choose files");
        await Expect(picker).ToBeEnabledAsync();
        await picker.SetInputFilesAsync(file);

        var state = page.Locator(".uploads li .upload-state");
        await Expect(state).ToHaveTextAsync("The service is busy; trying again in 2 s.");
        await Expect(state).ToHaveTextAsync("Stored");
        Assert.Equal(2, refusals);
        File.Delete(file);
    }
}
