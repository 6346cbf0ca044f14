using Microsoft.Playwright;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.E2E.Tests;

/// <summary>The real service on a loopback port and Debian's Chromium driven by Playwright, shared by a test class.
/// Playwright uses the installed browser only; it never downloads one.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private InProcessService? _service;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _policyViolations = new();

    public InProcessService Service => _service ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where screenshots go: TestResults/screenshots in this test project's folder.</summary>
    public static string ScreenshotDirectory { get; } =
        Path.Combine(RepositoryPaths.Root, "tests", "Rag.E2E.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new FileNotFoundException($"Chromium is needed at {ChromiumPath} for the end-to-end tests: apt-get install -y chromium", ChromiumPath);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _service = await InProcessService.StartInAsync(_dataDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser tab (own cookies, own Blazor circuit) on the service's address, signed in with the admin key.</summary>
    public async Task<IPage> OpenAsync(int width = 1280, int height = 900, ColorScheme colorScheme = ColorScheme.Light)
    {
        var page = await OpenSignedOutAsync(width, height, colorScheme);
        await SignInAsync(page, RagClient.AdminKey);
        return page;
    }

    /// <summary>Signs in through the sign-in form and waits for the library; with <paramref name="expectLibrary"/>
    /// false, signs in on the sign-in page already open (which may return elsewhere).</summary>
    public static async Task SignInAsync(IPage page, string key, bool expectLibrary = true)
    {
        if (expectLibrary) await page.GotoAsync("/signin");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (expectLibrary) await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Library" })).ToBeVisibleAsync();
    }

    /// <summary>The browsers' time zone: far from the server's, so that a time shown in the server's zone shows.</summary>
    public const string ReaderTimeZone = "Pacific/Chatham";

    /// <summary>A fresh browser tab with no session.</summary>
    public async Task<IPage> OpenSignedOutAsync(int width = 1280, int height = 900, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.Client.Http.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
            TimezoneId = ReaderTimeZone,
        });
        context.SetDefaultTimeout(30_000);
        // Nothing on the pages may need more than their Content-Security-Policy allows (see AssertNoPolicyViolations).
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy")) _policyViolations.Enqueue($"{message.Page?.Url}: {message.Text}");
        };
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Stops the service and starts it again on the same data and the same address (open tabs keep their
    /// sign-in cookie, whose keys are kept in the data directory), with <paramref name="settings"/> if given.</summary>
    public async Task RestartServiceAsync(params string[] settings)
    {
        var address = Service.Client.Http.BaseAddress!;
        await Service.DisposeAsync();
        _service = null;
        _service = await InProcessService.StartInAsync(_dataDirectory, [$"--urls=http://{address.Host}:{address.Port}", .. settings]);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_service is not null) await _service.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Fails if any page opened in this session so far reported a Content-Security-Policy violation.</summary>
    public void AssertNoPolicyViolations() => Assert.Empty(_policyViolations);
}
