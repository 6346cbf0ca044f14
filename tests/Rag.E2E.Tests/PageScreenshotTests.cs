using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rag.Testing.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>Every page at desktop and phone width, in the light and the dark theme (which follows the system
/// setting), saved to TestResults/screenshots/pages for people to look at; at phone width no page scrolls sideways
/// and the header stays one line.</summary>
public sealed class PageScreenshotTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private static readonly string Directory = Path.Combine(BrowserSession.ScreenshotDirectory, "pages");

    [Fact]
    public async Task Every_page_at_desktop_and_phone_width_in_light_and_dark()
    {
        var client = session.Service.Client;
        await client.CreateCollectionAsync("handbook");
        var id = (await client.UploadOkAsync("handbook", ("handbook.md",
            "# Handbook\n\nEvery employee gets twenty-eight days of paid holiday each year.\n\nThe office opens at nine."u8.ToArray())))[0];
        await client.ReadyAsync(id);
        await client.CreateKeyAsync("support desk with a long name", ("handbook", "read"));
        var setUp = await session.OpenAsync();
        await setUp.GotoAsync("/ask");
        await setUp.GetByLabel("Your question").FillAsync("How many days of paid holiday are there?");
        await setUp.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(setUp).ToHaveURLAsync(new Regex("/ask/[0-9a-f-]{36}$"));
        var conversation = new Uri(setUp.Url).AbsolutePath;
        System.IO.Directory.CreateDirectory(Directory);

        foreach (var (device, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var suffix = $"{device}-{scheme.ToString().ToLowerInvariant()}";
            var signedOut = await session.OpenSignedOutAsync(width, height, scheme);
            await signedOut.GotoAsync("/signin");
            await ShootAsync(signedOut, "sign-in", suffix);

            var page = await session.OpenAsync(width, height, scheme);
            await Expect(page.Locator("tr", new() { HasText = "handbook.md" })).ToBeVisibleAsync();
            await ShootAsync(page, "library", suffix);

            await page.GotoAsync(conversation);
            await Expect(page.Locator(".turn .answer")).ToContainTextAsync("twenty-eight");
            await ShootAsync(page, "ask", suffix);

            await page.Locator(".answer a.citation").First.ClickAsync();
            await Expect(page.Locator(".text-page mark.cited")).ToContainTextAsync("twenty-eight");
            await ShootAsync(page, "viewer", suffix);

            await page.GotoAsync("/search");
            await page.GetByLabel("Search for").FillAsync("holiday");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await Expect(page.Locator(".sources .source").First).ToContainTextAsync("handbook.md");
            await ShootAsync(page, "search", suffix);

            await page.GotoAsync("/models");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Models" })).ToBeVisibleAsync();
            await ShootAsync(page, "models", suffix);

            await page.GotoAsync("/keys");
            await Expect(page.Locator("tr", new() { HasText = "support desk with a long name" })).ToBeVisibleAsync();
            await ShootAsync(page, "keys", suffix);

            var missing = await page.GotoAsync("/no-such-page");
            Assert.Equal(404, missing!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
            await ShootAsync(page, "not-found", suffix);

            await page.Context.CloseAsync();
            await signedOut.Context.CloseAsync();
        }
        session.AssertNoPolicyViolations();
    }

    [Fact]
    public async Task The_api_still_answers_unknown_routes_with_problem_details()
    {
        var response = await session.Service.Client.Http.GetAsync("/api/no-such-route");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await RagClient.ProblemAsync(response);
    }

    /// <summary>Saves the page and checks what must hold at every size: nothing wider than the window, a one-line header.</summary>
    private static async Task ShootAsync(IPage page, string name, string suffix)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, $"{name}-{suffix}.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} ({suffix}) is {overflow}px wider than the window.");
        var header = await page.Locator(".top-bar").BoundingBoxAsync();
        if (header is not null) Assert.True(header.Height <= 64, $"{name} ({suffix}): the header is {header.Height}px tall, more than one line.");
    }
}
