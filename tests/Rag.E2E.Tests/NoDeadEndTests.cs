using Microsoft.Playwright;
using Rag.Testing.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>The dead ends a new user met: a search page without its search box, a long question that killed the page,
/// write controls shown to a read-only key, and a revoked key that stayed signed in.</summary>
public sealed class NoDeadEndTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    /// <summary>Rag:Query:MaxQuestionChars as the tests run it (the default).</summary>
    private const int QuestionLimit = 10_000;

    [Fact]
    public async Task Search_opened_directly_or_reloaded_shows_its_search_box()
    {
        await session.Service.Client.CreateCollectionAsync("direct-a");
        await session.Service.Client.CreateCollectionAsync("direct-b");
        var page = await session.OpenAsync();

        await page.GotoAsync("/search");
        await Expect(page.GetByLabel("Search for")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Search for")).ToBeVisibleAsync();
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("direct-b");
        await Expect(page.GetByLabel("Search for")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_pasted_question_over_the_limit_is_cut_at_the_limit_with_a_counter_and_the_page_keeps_working()
    {
        await session.Service.Client.CreateCollectionAsync("long-questions");
        await session.Service.Client.UploadOkAsync("long-questions", ("hours.txt", "The office opens at nine and closes at five."u8.ToArray()));
        var page = await session.OpenAsync();
        await page.GotoAsync("/ask");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("long-questions");
        var box = page.GetByLabel("Your question");

        await box.FillAsync(new string('x', 20_000));
        Assert.Equal(QuestionLimit, (await box.InputValueAsync()).Length);
        await Expect(page.Locator(".counter")).ToContainTextAsync("Limit reached: 10,000 characters");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true })).ToBeEnabledAsync();
        await BrowserSession.ScreenshotAsync(page, "ask-question-at-limit");

        // Control characters travel JSON-escaped, 6 bytes each: 54 KB for this box, which the circuit must take.
        await box.FillAsync(new string('\u0001', 9_000));
        await Expect(page.Locator(".counter")).ToHaveTextAsync("9,000 of 10,000 characters");

        await box.FillAsync("When does the office open?");
        await Expect(page.Locator(".counter")).ToBeEmptyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(page.Locator(".turn .answer")).ToContainTextAsync("nine");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_read_only_key_sees_no_write_controls_and_the_keys_page_says_it_needs_an_admin()
    {
        await session.Service.Client.CreateCollectionAsync("reading-room");
        await session.Service.Client.UploadOkAsync("reading-room", ("rules.txt", "Quiet please."u8.ToArray()));
        var (_, secret) = await session.Service.Client.CreateKeyAsync("reader", ("reading-room", "read"));
        var reader = await session.OpenSignedOutAsync();
        await BrowserSession.SignInAsync(reader, secret);

        await Expect(reader.Locator("tr", new() { HasText = "rules.txt" })).ToBeVisibleAsync();
        await Expect(reader.GetByText("Your key may read this collection but not add or delete documents")).ToBeVisibleAsync();
        await Expect(reader.GetByLabel("New collection")).ToHaveCountAsync(0);
        await Expect(reader.GetByLabel("Choose files")).ToHaveCountAsync(0);
        await Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Delete rules.txt" })).ToHaveCountAsync(0);
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(reader, "library-read-only");

        await reader.GotoAsync("/keys");
        await Expect(reader.GetByText("Managing API keys needs an admin key")).ToBeVisibleAsync();
        await Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToHaveCountAsync(0);
        await Expect(reader.GetByText("Loading")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(reader, "keys-read-only");
    }

    [Fact]
    public async Task A_revoked_key_is_sent_back_to_sign_in_with_the_reason_on_its_next_question()
    {
        await session.Service.Client.CreateCollectionAsync("revocable");
        var (id, secret) = await session.Service.Client.CreateKeyAsync("short-lived", ("revocable", "read"));
        var page = await session.OpenSignedOutAsync();
        await BrowserSession.SignInAsync(page, secret);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.GetByLabel("Your question")).ToBeVisibleAsync();

        (await session.Service.Client.Http.DeleteAsync($"/api/keys/{id}")).EnsureSuccessStatusCode();

        await page.GetByLabel("Your question").FillAsync("Anything?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("no longer accepts the key");
        await BrowserSession.ScreenshotAsync(page, "sign-in-after-revocation");

        await BrowserSession.SignInAsync(page, RagClient.AdminKey, expectLibrary: false);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ask$"));
    }
}
