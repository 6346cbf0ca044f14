using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rag.Testing.Documents;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>A person's path through the web UI in a real browser against the real service.</summary>
public sealed class WebUiJourneyTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string PaperFile = "ICML03-081.pdf";
    private const string Question = "How does naive Bayes text classification work?";

    [Fact]
    public async Task Upload_a_pdf_ask_open_the_cited_page_search_and_delete()
    {
        var pdf = EvalPdfs.PathOf(Path.Combine("papers-multicolumn", PaperFile));
        var page = await session.OpenAsync();

        var library = await page.GotoAsync("/");
        var policy = Assert.Single(await library!.HeaderValuesAsync("content-security-policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("style-src 'self';", policy);
        await page.GetByLabel("New collection").FillAsync("papers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByLabel("Collection", new() { Exact = true })).ToHaveValueAsync("papers");

        await UploadAsync(page, pdf);
        await Expect(page.Locator(".uploads li")).ToContainTextAsync("Stored");
        var row = page.Locator("tr", new() { HasText = PaperFile });
        await Expect(row.Locator(".status-ready")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Expect(row).ToContainTextAsync(new Regex(@"Ready · \d+ pages · \d+ chunks"));
        await BrowserSession.ScreenshotAsync(page, "library");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ask" }).ClickAsync();
        await page.GetByLabel("Your question").FillAsync(Question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        var chip = page.Locator(".answer a.citation").First;
        await Expect(chip).ToBeVisibleAsync();
        await Expect(page.Locator(".answer-sources .source").First).ToContainTextAsync(PaperFile);
        await Expect(page.Locator(".answer-sources mark").First).ToBeVisibleAsync();
        await Expect(page.Locator(".answer .answer-kind").First).ToHaveTextAsync("Extractive: quoted from the sources");
        await BrowserSession.ScreenshotAsync(page, "ask");
        // Each source is one closed line; opened, it shows the whole passage with the cited words marked.
        var firstSource = page.Locator(".answer-sources .source").First;
        await Expect(firstSource.Locator(".passage")).ToBeHiddenAsync();
        await firstSource.Locator(".snippet").ClickAsync();
        await Expect(firstSource.Locator(".passage mark").First).ToBeVisibleAsync();
        await Expect(firstSource.GetByRole(AriaRole.Meter)).ToHaveAttributeAsync("aria-label", new Regex(@"^Relevance: \d+% of the best passage$"));
        await BrowserSession.ScreenshotAsync(page, "ask-source-opened");

        var expected = await ExpectedFirstCitationAsync();
        Assert.StartsWith($"/documents/{expected.DocumentId}?page={expected.Page}&quote=", await chip.GetAttributeAsync("href"));
        await chip.ClickAsync();
        await Expect(page.GetByText($"Page {expected.Page} of")).ToBeVisibleAsync();
        var highlighted = page.Locator(".pdf-page .textLayer .highlight");
        await Expect(highlighted.First).ToBeVisibleAsync();
        var marked = Squeezed(string.Concat(await highlighted.AllTextContentsAsync()));
        var quoted = Squeezed(expected.Quote);
        Assert.Contains(quoted[..Math.Min(40, quoted.Length)], marked);
        Assert.True(marked.Length < quoted.Length + 400, $"Only the quote's lines are highlighted, not the page: {marked}");
        await BrowserSession.ScreenshotAsync(page, "viewer-pdf");
        Assert.Equal($"/api/documents/{expected.DocumentId}/file",
            await OpenedInNewTabAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Open in new tab" })));
        await page.GoBackAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(1);

        await page.GetByLabel("Follow-up question").FillAsync("What is the weather on Mars tomorrow?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(2);
        await Expect(page.Locator(".turn").Nth(1).GetByRole(AriaRole.Heading, new() { Name = "Not found in the documents" })).ToBeVisibleAsync();
        // Not found still lists the closest passages.
        await Expect(page.Locator(".turn").Nth(1).Locator(".answer-sources h3")).ToHaveTextAsync("Closest passages");
        await Expect(page.Locator(".turn").Nth(1).Locator(".answer-sources .source").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "ask-follow-up-not-found");

        await page.GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await page.GetByLabel("Search for").FillAsync("naive Bayes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.Locator(".sources .source").First).ToContainTextAsync(PaperFile);
        await BrowserSession.ScreenshotAsync(page, "search");
        await Expect(page.GetByText("Find passages by")).ToHaveCountAsync(0); // no encoder runs: nothing to choose

        await page.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No embedding model" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Article, new() { Name = "Answer LLM" }).Locator(".llm-state")).ToHaveTextAsync("disabled");
        await BrowserSession.ScreenshotAsync(page, "models");

        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {PaperFile}" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByText("No documents in this collection yet")).ToBeVisibleAsync();
        Assert.Empty(await session.Service.Client.SearchAsync("papers", "naive Bayes"));
        session.AssertNoPolicyViolations(); // pdf.js, uploads, asking and the new tab's PDF all within the pages' policy
    }

    [Fact]
    public async Task A_refused_upload_says_why_at_phone_width()
    {
        await session.Service.Client.CreateCollectionAsync("refusals");
        var empty = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.txt");
        await File.WriteAllBytesAsync(empty, []);
        var page = await session.OpenAsync(width: 390, height: 844);

        await page.GotoAsync("/");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("refusals");
        await UploadAsync(page, empty);

        await Expect(page.Locator(".uploads li.failed")).ToContainTextAsync($"Refused: '{Path.GetFileName(empty)}' is empty.");
        await BrowserSession.ScreenshotAsync(page, "library-phone-refused-upload");
        File.Delete(empty);
    }

    /// <summary>Clicks a link and returns the path the new tab requested (the #page fragment never reaches the network).</summary>
    private static async Task<string> OpenedInNewTabAsync(IPage page, ILocator link)
    {
        var requested = new TaskCompletionSource<string>();
        void OnRequest(object? _, IRequest request)
        {
            if (request.IsNavigationRequest && request.Url != page.Url) requested.TrySetResult(new Uri(request.Url).AbsolutePath);
        }
        page.Context.Request += OnRequest;
        var tab = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());
        var path = await requested.Task.WaitAsync(TimeSpan.FromSeconds(30));
        page.Context.Request -= OnRequest;
        await tab.CloseAsync();
        return path;
    }

    /// <summary>Picks a file once the upload script is attached (the picker is disabled until then).</summary>
    private static async Task UploadAsync(IPage page, string path)
    {
        var picker = page.GetByLabel("Choose files");
        await Expect(picker).ToBeEnabledAsync();
        await picker.SetInputFilesAsync(path);
    }

    private sealed record CitedPage(string DocumentId, int Page, string Quote);

    /// <summary>Text as compared with the PDF's text layer: without whitespace or case (PDF text splits words unpredictably).</summary>
    /// <summary>Letters and digits without accents, as the viewer compares them (a PDF may draw "naïve" as "na¨ıve").</summary>
    private static string Squeezed(string text) =>
        Regex.Replace(text.Normalize(System.Text.NormalizationForm.FormKD).Replace('\u0131', 'i'), @"[^\p{L}\p{N}]", "").ToLowerInvariant();

    /// <summary>The first citation the service gives for the question (the extractive answerer is deterministic).</summary>
    private async Task<CitedPage> ExpectedFirstCitationAsync()
    {
        var answer = await session.Service.Client.AskAsync("papers", Question);
        var first = answer["citations"]!.AsArray()[0]!;
        return new CitedPage((string)first["documentId"]!, (int)first["page"]!, (string)first["quote"]!);
    }
}
