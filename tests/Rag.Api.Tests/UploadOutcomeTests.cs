using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.Api.Tests;

/// <summary>Uploads of many files are judged file by file: every acceptable file is stored, every refused one is
/// reported with its reason, and a fault while storing leaves nothing behind. Runs once per storage provider.</summary>
public abstract class UploadOutcomeTests(Func<Task<InProcessService>> start) : IAsyncLifetime
{
    private const int MaxFileBytes = 1 << 20;

    private InProcessService _service = null!;
    private RagClient Api => _service.Client;

    public async Task InitializeAsync() => _service = await start();
    public async Task DisposeAsync() => await _service.DisposeAsync();

    protected static string[] Settings => [$"--Rag:Upload:MaxFileBytes={MaxFileBytes}"];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_folder_of_good_and_bad_files_stores_every_good_one_and_reports_every_bad_one_with_its_reason()
    {
        await Api.CreateCollectionAsync("folder");
        var notes = Utf8("Coffee breaks are at 10:30 every day.");
        var folder = new (string Name, byte[] Content)[]
        {
            ("pump.md", Utf8("# Pump\n\nThe P-200 pump runs at 12 bar at most.\n")),
            ("notes.txt", notes),
            ("paper.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("papers-multicolumn/ICML03-081.pdf"))),
            ("greetings.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Grüße aus der Kaffeeküche.")).ToArray()),
            ("notes-copy.txt", notes),
            ("empty.md", []),
            ("program.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
            ("huge.txt", Enumerable.Repeat((byte)'a', MaxFileBytes + 1).ToArray()),
            ("broken.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("malformed/bug1020226.pdf"))),
        };

        var response = await Api.UploadAsync("folder", folder);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var outcomes = (await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(o => o!.AsObject()).ToList();
        Assert.Equal(folder.Select(f => f.Name), outcomes.Select(o => o["fileName"]!.GetValue<string>()));
        var byName = outcomes.ToDictionary(o => o["fileName"]!.GetValue<string>());

        AssertRefused(byName["empty.md"], 400, "Empty file");
        AssertRefused(byName["program.exe"], 415, "Unsupported file type");
        AssertRefused(byName["huge.txt"], 413, "File too large");

        string[] stored = ["pump.md", "notes.txt", "paper.pdf", "greetings.txt"];
        foreach (var name in stored) Assert.Equal(("queued", false), StatusOf(byName[name]));
        Assert.Equal(("queued", true), StatusOf(byName["notes-copy.txt"]));
        Assert.Equal(IdOf(byName["notes.txt"]), IdOf(byName["notes-copy.txt"]));
        foreach (var name in stored)
        {
            Assert.Equal($"/api/documents/{IdOf(byName[name])}", byName[name]["statusUrl"]!.GetValue<string>());
            await Api.ReadyAsync(IdOf(byName[name]));
        }

        // A PDF is judged by its first bytes at upload; one damaged inside fails while it is read, and says so.
        var broken = await Api.WaitSettledAsync(IdOf(byName["broken.pdf"]));
        Assert.Equal("failed", broken["status"]!.GetValue<string>());
        Assert.Contains("damaged", broken["error"]!.GetValue<string>());

        var listed = (await Api.Http.GetFromJsonAsync<JsonArray>("/api/collections/folder/documents"))!;
        Assert.Equal(stored.Append("broken.pdf").Order(), listed.Select(d => d!["fileName"]!.GetValue<string>()).Order());
        Assert.Equal("greetings.txt", (await Api.SearchAsync("folder", "Kaffeeküche"))[0]!["fileName"]!.GetValue<string>());
        await Api.AssertConsistentAsync("folder");
    }

    [Fact]
    public async Task Files_all_refused_get_422_with_each_reason_and_a_single_bad_file_keeps_its_own_status()
    {
        await Api.CreateCollectionAsync("refused");

        var all = await Api.UploadAsync("refused", ("empty.txt", []), ("fake.pdf", Utf8("not a pdf")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, all.StatusCode);
        var problem = await RagClient.ProblemAsync(all);
        Assert.Equal("No file stored", problem["title"]!.GetValue<string>());
        var files = problem["files"]!.AsArray().Select(f => f!.AsObject()).ToList();
        AssertRefused(files[0], 400, "Empty file");
        AssertRefused(files[1], 415, "Unsupported file type");

        var single = await Api.UploadAsync("refused", ("fake.pdf", Utf8("not a pdf")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, single.StatusCode);
        Assert.Contains("fake.pdf", (await RagClient.ProblemAsync(single))["detail"]!.GetValue<string>());
        Assert.Empty((await Api.Http.GetFromJsonAsync<JsonArray>("/api/collections/refused/documents"))!);
    }

    [Fact]
    public async Task A_file_that_cannot_be_stored_fails_the_request_and_leaves_nothing_of_it_behind()
    {
        await Api.CreateCollectionAsync("fault");
        var before = (await Api.UploadOkAsync("fault", ("kept.txt", Utf8("Stored before the fault."))))[0];
        await Api.ReadyAsync(before);
        var first = Utf8("First of the batch.");
        var second = Utf8("Second of the batch.");
        var doomed = FileWithPrefixUnlike([first, second, Utf8("Stored before the fault.")]);
        // Originals live under files/<first two hex digits of their hash>/: a plain file in that place makes storing fail.
        var files = Path.Combine(_service.DataDirectory, "files");
        await File.WriteAllTextAsync(Path.Combine(files, HashOf(doomed)[..2]), "in the way");

        var response = await Api.UploadAsync("fault", ("first.txt", first), ("second.txt", second), ("doomed.txt", doomed));

        Assert.False(response.IsSuccessStatusCode);
        var listed = (await Api.Http.GetFromJsonAsync<JsonArray>("/api/collections/fault/documents"))!;
        Assert.Equal(["kept.txt"], listed.Select(d => d!["fileName"]!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(files, HashOf(first)[..2], HashOf(first))));
        Assert.False(File.Exists(Path.Combine(files, HashOf(second)[..2], HashOf(second))));
        Assert.Equal("kept.txt", (await Api.SearchAsync("fault", "fault"))[0]!["fileName"]!.GetValue<string>());
        await Api.AssertConsistentAsync("fault");
    }

    [Theory]
    [InlineData("cafe.md", "utf-8", "text/markdown; charset=utf-8")]
    [InlineData("cafe.txt", "utf-16le-bom", "text/plain; charset=utf-16le")]
    [InlineData("cafe.txt", "utf-16be-bom", "text/plain; charset=utf-16be")]
    [InlineData("cafe.md", "windows-1252", "text/markdown; charset=windows-1252")]
    public async Task Text_originals_are_served_with_the_charset_they_are_in(string name, string encoding, string contentType)
    {
        await Api.CreateCollectionAsync("charset");
        const string text = "# Menu\n\nCafé crème, thé à la menthe: 3 €.\n";
        var bytes = encoding switch
        {
            "utf-8" => Utf8(text),
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text),
        };
        var id = (await Api.UploadOkAsync("charset", (name, bytes)))[0];

        var response = await Api.Http.GetAsync($"/api/documents/{id}/file");

        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        // What a browser shows: the bytes read in the charset the header names.
        var charset = response.Content.Headers.ContentType.CharSet!;
        var shown = CodePagesEncodingProvider.Instance.GetEncoding(charset) ?? Encoding.GetEncoding(charset);
        Assert.Contains("Café crème", shown.GetString(bytes));
        Assert.Equal("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }

    private static void AssertRefused(JsonObject outcome, int status, string title)
    {
        Assert.Equal("refused", outcome["status"]!.GetValue<string>());
        Assert.Null(outcome["id"]);
        var problem = outcome["problem"]!;
        Assert.Equal((status, title), (problem["status"]!.GetValue<int>(), problem["title"]!.GetValue<string>()));
        Assert.Contains(outcome["fileName"]!.GetValue<string>(), problem["detail"]!.GetValue<string>());
    }

    private static (string, bool) StatusOf(JsonObject outcome) => (outcome["status"]!.GetValue<string>(), outcome["duplicate"]!.GetValue<bool>());

    private static Guid IdOf(JsonObject outcome) => outcome["id"]!.GetValue<Guid>();

    private static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A small text file whose hash starts with two hex digits that none of <paramref name="others"/>' hashes starts with.</summary>
    private static byte[] FileWithPrefixUnlike(byte[][] others)
    {
        var taken = others.Select(o => HashOf(o)[..2]).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => Utf8($"Doomed file number {i}.")).First(c => !taken.Contains(HashOf(c)[..2]));
    }
}

public sealed class SqliteUploadOutcomeTests() : UploadOutcomeTests(() => InProcessService.StartAsync(Settings));

public sealed class PostgresUploadOutcomeTests(PostgresServer postgres) : UploadOutcomeTests(async () =>
    await InProcessService.StartAsync([.. Settings, "--Rag:Storage:Provider=postgres", $"--Rag:Storage:ConnectionString={await postgres.CreateDatabaseAsync()}"])),
    IClassFixture<PostgresServer>;
