using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.Api.Tests;

/// <summary>Awkward Unicode in documents and questions, over real HTTP: right-to-left scripts, combining marks, emoji
/// sequences, control characters, unpaired surrogates, huge tokens, UTF-16 without a byte order mark. Nothing gives a
/// 500, unusable input gets a 400 that says why, and chunks are valid text cut between graphemes.
/// Runs once per storage provider: PostgreSQL refuses NUL in text, SQLite does not.</summary>
public abstract class UnicodeInputTests(Func<Task<InProcessService>> start) : IAsyncLifetime
{
    private InProcessService _service = null!;
    private RagClient Api => _service.Client;

    public async Task InitializeAsync() => _service = await start();
    public async Task DisposeAsync() => await _service.DisposeAsync();

    private const string Arabic = "يتم تخزين المستندات في قاعدة المعرفة ويمكن البحث فيها بسرعة.";
    private const string Hebrew = "מערכת הידע שומרת את המסמכים ומאפשרת חיפוש מהיר בתוכם.";
    private const string DecomposedCafe = "cafe\u0301";
    private const string Zalgo = "z\u0351\u0352\u0357a\u035b\u0360\u0361l\u0346\u0347g\u0310\u0311o\u0300\u0301\u0302";
    private const string FamilyEmoji = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
    private const string WavingHandMediumSkin = "\U0001F44B\U0001F3FD";

    [Fact]
    public async Task Documents_in_awkward_unicode_become_ready_searchable_and_cut_between_graphemes()
    {
        await Api.CreateCollectionAsync("unicode");
        var longWord = new string('x', 100_000);
        var overlongLine = string.Concat(Enumerable.Repeat("ab\u00e9\U0001F600", 1 << 18));
        var files = new (string Name, byte[] Content)[]
        {
            ("arabic.txt", Utf8($"{Arabic}\n")),
            ("hebrew.md", Utf8($"# כותרת\n\n{Hebrew}\n")),
            ("marks.txt", Utf8($"Le {DecomposedCafe} du coin sert un {Zalgo} espresso.\n")),
            ("emoji.md", Utf8($"Party time {string.Concat(Enumerable.Repeat(FamilyEmoji + WavingHandMediumSkin, 3_000))} with confetti.\n")),
            ("controls.txt", Utf8($"{new string('.', 2_000)}\nBell\a and form\ffeed, NUL\0 bytes\0\0 and escape\u001b inside the lighthouse log.\n")),
            ("utf16.txt", Encoding.Unicode.GetBytes("Dieser Text wurde als UTF-16 ohne Byte-Order-Mark gespeichert: Grüße aus München.\n")),
            ("longword.txt", Utf8($"Before the blob {longWord} after the blob comes the kingfisher.\n")),
            ("megaline.txt", Utf8(overlongLine)),
        };

        var ids = await Api.UploadOkAsync("unicode", files);

        for (var i = 0; i < ids.Count; i++)
        {
            var document = await Api.WaitSettledAsync(ids[i]);
            Assert.True(document["status"]!.GetValue<string>() == "ready", $"{files[i].Name}: {document.ToJsonString()}");
            foreach (var chunk in await ChunkTextsAsync(ids[i]))
                AssertWholeGraphemes(files[i].Name, chunk);
        }

        Assert.Equal("arabic.txt", await TopFileAsync("المستندات"));
        Assert.Equal("hebrew.md", await TopFileAsync("המסמכים"));
        Assert.Equal("marks.txt", await TopFileAsync("café")); // precomposed é finds the decomposed one
        Assert.Equal("controls.txt", await TopFileAsync("lighthouse"));
        Assert.Equal("utf16.txt", await TopFileAsync("München"));
        Assert.Equal("longword.txt", await TopFileAsync("kingfisher"));
        Assert.Equal("emoji.md", await TopFileAsync("confetti"));
        var controls = await ChunkTextsAsync(ids[4]);
        Assert.Contains(controls, c => c.Contains("NUL  bytes") && c.Contains("Bell  and form feed"));
        Assert.True((await Api.Http.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_overlong_question_is_refused_with_the_limit()
    {
        // Within the JSON body limit (bodies over it get 413 before they are read), over the question limit.
        await Api.CreateCollectionAsync("long-questions");
        var overlong = new string('a', 100_000);

        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/api/search", new { collection = "long-questions", query = overlong }),
                     ("/api/ask", new { collection = "long-questions", question = overlong }),
                     ("/api/ask", new { collection = "long-questions", question = "why?", conversation = new[] { new { role = "user", content = overlong } } }),
                 })
        {
            var response = await Api.Http.PostAsJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("100,000 characters; the limit is 10,000", (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
        }
    }

    public static TheoryData<string> AwkwardQuestionsAsJson =>
    [
        "\"\\ud800\"",
        "\"lone low \\udc00 surrogate\"",
        "\"\\u0000\\u0000 lighthouse\"",
        "\"caf\\u0065\\u0301\"",
        $"\"{Zalgo}\"",
        $"\"{FamilyEmoji}{WavingHandMediumSkin}\"",
        $"\"{Arabic}\"",
        $"\"{new string('x', 100_000)}\"",
    ];

    [Theory]
    [MemberData(nameof(AwkwardQuestionsAsJson))]
    public async Task Awkward_questions_are_answered_or_refused_never_a_server_error(string questionJson)
    {
        await Api.CreateCollectionAsync("questions");
        await Api.ReadyAsync((await Api.UploadOkAsync("questions", ("log.txt", Utf8("The lighthouse keeper drinks café au lait."))))[0]);

        foreach (var (path, field) in new[] { ("/api/search", "query"), ("/api/ask", "question") })
        {
            var json = $$"""{"collection":"questions","{{field}}":{{questionJson}}}""";
            var response = await Api.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
                Assert.False(string.IsNullOrWhiteSpace((await RagClient.ProblemAsync(response))["detail"]?.GetValue<string>()), await response.Content.ReadAsStringAsync());
        }
        Assert.True((await Api.Http.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_the_json_body_is_a_400_that_says_why()
    {
        await Api.CreateCollectionAsync("surrogates");
        const string json = "{\"collection\":\"surrogates\",\"query\":\"\\ud800\"}";

        var response = await Api.Http.PostAsync("/api/search", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The request body is not valid JSON: ", (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
    }

    private async Task<string> TopFileAsync(string query) => (await Api.SearchAsync("unicode", query))[0]!["fileName"]!.GetValue<string>();

    private async Task<List<string>> ChunkTextsAsync(Guid id)
    {
        var texts = new List<string>();
        for (var offset = 0; ; offset += 500)
        {
            var page = await Api.Http.GetFromJsonAsync<JsonNode>($"/api/documents/{id}/chunks?offset={offset}&limit=500");
            var chunks = (page as JsonArray ?? page!["chunks"]!.AsArray()).Select(c => c!["text"]!.GetValue<string>()).ToList();
            texts.AddRange(chunks);
            if (chunks.Count < 500) return texts;
        }
    }

    /// <summary>Valid UTF-16 that survives UTF-8, no NUL, no cut inside a grapheme, and a bounded size.</summary>
    private static void AssertWholeGraphemes(string file, string chunk)
    {
        Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(chunk)) == chunk, $"{file}: chunk is not valid UTF-16");
        Assert.DoesNotContain('\0', chunk);
        Assert.InRange(chunk.Length, 1, 256 * 16);
        var first = CharUnicodeInfo.GetUnicodeCategory(chunk, 0);
        Assert.False(first is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark, $"{file}: chunk starts with a combining mark");
        Assert.False(chunk[0] == '\u200D' || chunk[^1] == '\u200D', $"{file}: chunk cuts an emoji sequence at a zero-width joiner");
        Assert.False(chunk.StartsWith("\U0001F3FD", StringComparison.Ordinal), $"{file}: chunk starts with a detached skin tone");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

public sealed class SqliteUnicodeInputTests() : UnicodeInputTests(() => InProcessService.StartAsync());

public sealed class PostgresUnicodeInputTests(PostgresServer postgres) : UnicodeInputTests(async () =>
    await InProcessService.StartAsync("--Rag:Storage:Provider=postgres", $"--Rag:Storage:ConnectionString={await postgres.CreateDatabaseAsync()}")),
    IClassFixture<PostgresServer>;
