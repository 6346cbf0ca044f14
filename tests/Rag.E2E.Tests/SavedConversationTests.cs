using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>Conversations are kept on the server: they survive a reload and a restart of the service, and the side
/// panel lists, renames, deletes and continues them.</summary>
public sealed class SavedConversationTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task A_conversation_survives_reload_and_restart_and_can_be_renamed_continued_regenerated_and_deleted()
    {
        await session.Service.Client.CreateCollectionAsync("office");
        var id = (await session.Service.Client.UploadOkAsync("office", ("hours.txt",
            "The office opens at nine and closes at five. The canteen serves lunch from noon until two."u8.ToArray())))[0];
        await session.Service.Client.ReadyAsync(id);
        var page = await session.OpenAsync();
        await page.GotoAsync("/ask");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("office");

        await AskAsync(page, "When does the office open?");
        await Expect(page.Locator(".turn").Last).ToContainTextAsync("nine");
        await Expect(page).ToHaveURLAsync(new Regex("/ask/[0-9a-f-]{36}$"));
        var saved = page.Locator(".conversations li", new() { HasText = "When does the office open?" });
        await Expect(saved).ToContainTextAsync("office · 1 question");
        await AskAsync(page, "When is lunch served?");
        await Expect(page.Locator(".turn").Last.Locator(".question")).ToContainTextAsync("lunch");
        await Expect(saved).ToContainTextAsync("2 questions");

        await page.ReloadAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(2);
        await Expect(page.Locator(".turn").First).ToContainTextAsync("nine");
        await Expect(page.GetByLabel("Follow-up question")).ToBeVisibleAsync();

        await session.RestartServiceAsync();
        await page.ReloadAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(2);
        await Expect(page.Locator(".turn").Last.Locator(".question")).ToContainTextAsync("lunch");
        await BrowserSession.ScreenshotAsync(page, "ask-saved-conversation");

        await saved.GetByRole(AriaRole.Button, new() { Name = "Rename When does the office open?" }).ClickAsync();
        await page.GetByLabel("New title").FillAsync("Office hours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var renamed = page.Locator(".conversations li", new() { HasText = "Office hours" });
        await Expect(renamed).ToBeVisibleAsync();

        await page.Locator(".conversations").GetByRole(AriaRole.Link, new() { Name = "New" }).ClickAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(0);
        await renamed.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(2);
        await AskAsync(page, "When does it close?");
        await Expect(page.Locator(".turn")).ToHaveCountAsync(3);
        await Expect(renamed).ToContainTextAsync("3 questions");

        var conversationId = new Uri(page.Url).Segments[^1];
        var firstAnswerAt = await SavedTurnTimeAsync(conversationId, 2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(page.Locator(".turn")).ToHaveCountAsync(3);
        var regenerated = await PollAsync(async () => await SavedTurnTimeAsync(conversationId, 2) is { } at && at != firstAnswerAt);
        Assert.True(regenerated, "Regenerate saved a new answer in place of the last one.");
        var stored = await session.Service.Client.Http.GetFromJsonAsync<JsonObject>($"/api/conversations/{conversationId}");
        Assert.Equal(["When does the office open?", "When is lunch served?", "When does it close?"],
            stored!["turns"]!.AsArray().Select(t => t!["question"]!.GetValue<string>()));

        await renamed.GetByRole(AriaRole.Button, new() { Name = "Delete Office hours" }).ClickAsync();
        await renamed.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ask$"));
        await Expect(renamed).ToHaveCountAsync(0);
        await Expect(page.Locator(".turn")).ToHaveCountAsync(0);
        session.AssertNoPolicyViolations(); // the restart above showed the page's own reconnect notice
    }

    [Fact]
    public async Task Enter_sends_the_question_and_Shift_Enter_starts_a_new_line()
    {
        await session.Service.Client.CreateCollectionAsync("keys-enter");
        var page = await session.OpenAsync();
        await page.GotoAsync("/ask");
        await page.GetByLabel("Collection", new() { Exact = true }).SelectOptionAsync("keys-enter");
        var box = page.GetByLabel("Your question");
        await box.PressSequentiallyAsync("first line");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("second line");
        Assert.Equal("first line\nsecond line", await box.InputValueAsync());
        await Expect(page.Locator(".turn")).ToHaveCountAsync(0);

        await box.PressAsync("Enter");
        await Expect(page.Locator(".turn")).ToHaveCountAsync(1);
        await Expect(page.Locator(".turn .question")).ToContainTextAsync("first line");
    }

    /// <summary>When turn <paramref name="index"/> of the conversation was saved, or null while it is not.</summary>
    private async Task<string?> SavedTurnTimeAsync(string conversationId, int index)
    {
        var stored = await session.Service.Client.Http.GetFromJsonAsync<JsonObject>($"/api/conversations/{conversationId}");
        return stored!["turns"]!.AsArray().FirstOrDefault(t => t!["index"]!.GetValue<int>() == index)?["createdAt"]?.GetValue<string>();
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
            if (await condition()) return true;
        return false;
    }

    private static async Task AskAsync(IPage page, string question)
    {
        var box = page.Locator("#question");
        await box.FillAsync(question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeVisibleAsync();
    }
}
