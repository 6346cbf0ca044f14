using Microsoft.Playwright;
using Rag.Testing.Documents;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>A document that failed under a page limit since raised is retried from the library and becomes ready; a
/// read-only key is not offered Retry.</summary>
public sealed class DocumentRetryUiTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_failed_document_is_retried_from_the_library_by_a_key_that_may_write()
    {
        await session.RestartServiceAsync("--Rag:Upload:MaxPages=3");
        await session.Service.Client.CreateCollectionAsync("retry");
        var id = (await session.Service.Client.UploadOkAsync("retry", ("four-pages.pdf", HandmadePdf.WithPages("one", "two", "three", "The fourth page."))))[0];
        Assert.Equal("failed", (await session.Service.Client.WaitSettledAsync(id))["status"]!.GetValue<string>());
        await session.RestartServiceAsync();
        var (_, reader) = await session.Service.Client.CreateKeyAsync("reader", ("retry", "read"));

        var readOnly = await session.OpenSignedOutAsync();
        await BrowserSession.SignInAsync(readOnly, reader);
        var readerRow = readOnly.Locator("tr", new() { HasText = "four-pages.pdf" });
        await Expect(readerRow).ToContainTextAsync("This PDF has 4 pages; the limit is 3.");
        await Expect(readerRow.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var page = await session.OpenAsync();
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("retry");
        var row = page.Locator("tr", new() { HasText = "four-pages.pdf" });
        await Expect(row).ToHaveAttributeAsync("data-status", "failed");
        await BrowserSession.ScreenshotAsync(page, "library-failed-retry");
        await row.GetByRole(AriaRole.Button, new() { Name = "Retry four-pages.pdf" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "ready", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("4 pages");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Retry four-pages.pdf" })).ToHaveCountAsync(0);
    }
}
