using System.Net;
using Microsoft.Playwright;
using Rag.Testing.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>The UI behind sign-in: pages need a session, a key's limits show in the UI, keys are managed on the Keys
/// page, revoking a key ends its sessions, and the session cookie alone cannot make the API change things.</summary>
public sealed class SignInTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Pages_need_a_valid_key_and_signing_out_ends_the_session()
    {
        var page = await session.OpenSignedOutAsync();

        await page.GotoAsync("/ask");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fask"));
        await page.GetByLabel("API key").FillAsync("rag_not-a-real-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid or has been revoked");
        await BrowserSession.ScreenshotAsync(page, "sign-in-refused");

        await page.GetByLabel("API key").FillAsync(RagClient.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ask" })).ToBeVisibleAsync();
        await Expect(page.Locator(".signed-in-as")).ToContainTextAsync("Signed in as");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync("/search");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_read_only_key_made_on_the_keys_page_sees_one_collection_and_no_upload_and_stops_working_when_revoked()
    {
        await session.Service.Client.CreateCollectionAsync("shared-handbook");
        await session.Service.Client.CreateCollectionAsync("board-minutes");
        var admin = await session.OpenAsync();

        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Keys" })).ToBeVisibleAsync();
        await admin.GotoAsync("/keys");
        await Expect(admin.Locator("table.keys")).ToBeVisibleAsync();
        await admin.GetByLabel("Name").FillAsync("support desk");
        await admin.GetByLabel("shared-handbook").SelectOptionAsync("read");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = await admin.GetByTestId("new-key-secret").InnerTextAsync();
        Assert.StartsWith("rag_", secret);
        await Expect(admin.Locator("tr", new() { HasText = "support desk" })).ToContainTextAsync("shared-handbook (read)");
        await BrowserSession.ScreenshotAsync(admin, "keys");

        var reader = await session.OpenSignedOutAsync();
        await BrowserSession.SignInAsync(reader, secret);
        var picker = reader.GetByLabel("Collection", new() { Exact = true });
        await Expect(picker.Locator("option")).ToHaveCountAsync(1);
        await Expect(picker).ToHaveValueAsync("shared-handbook");
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Keys" })).ToHaveCountAsync(0);

        await Expect(reader.GetByLabel("Choose files")).ToHaveCountAsync(0);

        var row = admin.Locator("tr", new() { HasText = "support desk" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke support desk" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");

        await reader.ReloadAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_session_cookie_alone_cannot_change_anything_through_the_api()
    {
        var page = await session.OpenAsync();
        var api = page.Context.APIRequest;

        var listed = await api.GetAsync("/api/collections");
        Assert.Equal((int)HttpStatusCode.OK, listed.Status);
        var forged = await api.PostAsync("/api/collections", new() { DataObject = new { name = "forged" } });
        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("antiforgery", await forged.TextAsync());
        var collections = await session.Service.Client.Http.GetStringAsync("/api/collections");
        Assert.DoesNotContain("\"forged\"", collections);
    }
}
