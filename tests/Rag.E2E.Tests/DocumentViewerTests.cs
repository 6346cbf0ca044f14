using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>The in-app viewer for text documents: a citation opens the page with the cited passage highlighted.
/// (PDFs: see <see cref="WebUiJourneyTests"/>, which checks the highlighted pdf.js text layer.)</summary>
public sealed class DocumentViewerTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_citation_of_a_markdown_document_opens_it_with_the_cited_passage_highlighted()
    {
        await session.Service.Client.CreateCollectionAsync("handbook");
        var filler = string.Join("\n\n", Enumerable.Range(1, 40).Select(i => $"Paragraph {i} talks about the weather in general terms."));
        var markdown = $"# Handbook\n\n{filler}\n\n## Holidays\n\nEvery employee gets twenty-eight days of paid holiday each year.\n\n{filler}";
        var id = (await session.Service.Client.UploadOkAsync("handbook", ("handbook.md", System.Text.Encoding.UTF8.GetBytes(markdown))))[0];
        await session.Service.Client.ReadyAsync(id);
        var page = await session.OpenAsync();
        await page.GotoAsync("/ask");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("handbook");

        await page.GetByLabel("Your question").FillAsync("How many days of paid holiday does an employee get?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await page.Locator(".answer a.citation").First.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "handbook.md" })).ToBeVisibleAsync();
        await Expect(page.Locator(".text-page mark.cited")).ToHaveTextAsync("Every employee gets twenty-eight days of paid holiday each year.");
        await Expect(page.Locator(".text-page mark.cited")).ToBeInViewportAsync();
        await Expect(page.Locator(".text-page")).ToContainTextAsync("Paragraph 40 talks about the weather");
        await BrowserSession.ScreenshotAsync(page, "viewer-text");
    }
}
