using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rag.E2E.Tests;

/// <summary>The library: names people type become valid collection names, the picker's counts follow uploads, the
/// last collection is remembered, and the list filters and sorts.</summary>
public sealed class LibraryTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Typed_names_are_slugified_counts_follow_uploads_the_collection_is_remembered_and_the_list_filters_and_sorts()
    {
        await session.Service.Client.CreateCollectionAsync("aaa-first");
        var page = await session.OpenAsync();
        var picker = page.GetByLabel("Collection", new() { Exact = true });

        await page.GetByLabel("New collection").FillAsync("Research papers");
        await Expect(page.GetByText("Will be created as research-papers")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(picker).ToHaveValueAsync("research-papers");
        await Expect(picker.Locator("option:checked")).ToHaveTextAsync("research-papers (0 documents)");

        var folder = Directory.CreateTempSubdirectory().FullName;
        var small = Path.Combine(folder, "b-small.txt");
        var large = Path.Combine(folder, "a-large.txt");
        await File.WriteAllTextAsync(small, "Short note about pumps.");
        await File.WriteAllTextAsync(large, string.Join(" ", Enumerable.Repeat("A longer note about valves and pipes.", 200)));
        var chooser = page.GetByLabel("Choose files");
        await Expect(chooser).ToBeEnabledAsync();
        await chooser.SetInputFilesAsync([small, large]);
        await Expect(picker.Locator("option:checked")).ToHaveTextAsync("research-papers (2 documents)");
        await Expect(page.Locator("table.documents tbody tr")).ToHaveCountAsync(2);

        await page.GetByLabel("Sort by").SelectOptionAsync("name");
        await Expect(page.Locator("table.documents tbody tr").First).ToContainTextAsync("a-large.txt");
        await page.GetByLabel("Sort by").SelectOptionAsync("largest");
        await Expect(page.Locator("table.documents tbody tr").First).ToContainTextAsync("a-large.txt");
        await page.GetByLabel("Filter").FillAsync("small");
        await Expect(page.Locator("table.documents tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.documents tbody tr")).ToContainTextAsync("b-small.txt");
        // Upload times read as the reader's clock shows them, not the server's.
        var documents = await session.Service.Client.Http.GetFromJsonAsync<JsonArray>("/api/collections/research-papers/documents");
        var uploaded = documents!.Single(d => (string?)d!["fileName"] == "b-small.txt")!["createdAt"]!.GetValue<DateTimeOffset>();
        var readerClock = TimeZoneInfo.ConvertTime(uploaded, TimeZoneInfo.FindSystemTimeZoneById(BrowserSession.ReaderTimeZone));
        await Expect(page.Locator("table.documents tbody tr .uploaded")).ToHaveTextAsync(readerClock.ToString("yyyy-MM-dd HH:mm"));
        await BrowserSession.ScreenshotAsync(page, "library-filtered");

        await page.ReloadAsync();
        await Expect(picker).ToHaveValueAsync("research-papers");
        await page.GotoAsync("/ask");
        await Expect(picker).ToHaveValueAsync("research-papers");
        Directory.Delete(folder, recursive: true);
    }
}
