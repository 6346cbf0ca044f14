using System.Net.Http.Json;
using System.Net;
using System.Text;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;
using Rag.Testing;

namespace Rag.Api.Tests;

/// <summary>The user-facing flow over real HTTP: collections, uploads, status, search, ask, delete, errors.
/// Runs once per storage provider (see the derived classes).</summary>
public abstract class ApiFlowTests(Func<Task<InProcessService>> start) : IAsyncLifetime
{
    private InProcessService _service = null!;
    private RagClient Api => _service.Client;

    public async Task InitializeAsync() => _service = await start();
    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private const string PumpManual = """
        # Pump manual

        ## Operation

        The maximum operating pressure of the P-200 pump is 12 bar. Never exceed it.

        ## Maintenance

        Replace the impeller seal every 2,000 operating hours. Use only original seals.
        """;

    [Fact]
    public async Task Uploaded_files_become_ready_and_searchable_with_page_and_span()
    {
        await Api.CreateCollectionAsync("manuals");
        var pdf = await File.ReadAllBytesAsync(EvalPdfs.PathOf("papers-multicolumn/ICML03-081.pdf"));
        var ids = await Api.UploadOkAsync("manuals", ("pump.md", Utf8(PumpManual)), ("notes.txt", Utf8("Coffee breaks are at 10:30 every day.")), ("paper.pdf", pdf));
        Assert.Equal(3, ids.Count);

        foreach (var id in ids)
        {
            var document = await Api.ReadyAsync(id);
            Assert.True(document["chunkCount"]!.GetValue<int>() > 0);
            Assert.Equal(100, document["progress"]!["percent"]!.GetValue<int>());
        }
        var paper = await Api.DocumentAsync(ids[2]);
        Assert.Equal(8, paper["pageCount"]!.GetValue<int>());
        Assert.Equal("application/pdf", paper["contentType"]!.GetValue<string>());

        var results = await Api.SearchAsync("manuals", "impeller seal replacement");
        var top = results[0]!;
        Assert.Equal("pump.md", top["fileName"]!.GetValue<string>());
        Assert.Equal(1, top["page"]!.GetValue<int>());
        Assert.Contains("impeller seal", top["text"]!.GetValue<string>());
        Assert.True(top["end"]!.GetValue<int>() > top["start"]!.GetValue<int>());

        var naiveBayes = await Api.SearchAsync("manuals", "naive Bayes text classification");
        Assert.Equal("paper.pdf", naiveBayes[0]!["fileName"]!.GetValue<string>());
        Assert.InRange(naiveBayes[0]!["page"]!.GetValue<int>(), 1, 8);
    }

    [Fact]
    public async Task Ask_answers_with_citations_or_says_not_found()
    {
        await Api.CreateCollectionAsync("ask");
        var id = (await Api.UploadOkAsync("ask", ("pump.md", Utf8(PumpManual))))[0];
        await Api.ReadyAsync(id);

        var answer = await Api.AskAsync("ask", "What is the maximum operating pressure of the pump?");
        Assert.True(answer["grounded"]!.GetValue<bool>());
        Assert.Contains("12 bar", answer["answer"]!.GetValue<string>());
        Assert.Contains("[1]", answer["answer"]!.GetValue<string>());
        var citation = answer["citations"]![0]!;
        Assert.Equal(1, citation["n"]!.GetValue<int>());
        Assert.Equal(id, citation["documentId"]!.GetValue<Guid>());
        Assert.Equal("pump.md", citation["fileName"]!.GetValue<string>());
        Assert.Equal(1, citation["page"]!.GetValue<int>());
        Assert.Contains("12 bar", citation["quote"]!.GetValue<string>());
        Assert.NotEmpty(answer["sources"]!.AsArray());

        var unknown = await Api.AskAsync("ask", "Who painted the Mona Lisa?");
        Assert.False(unknown["grounded"]!.GetValue<bool>());
        Assert.Contains("not found in the documents", unknown["answer"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(unknown["citations"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_document_removes_it_from_search_at_once()
    {
        await Api.CreateCollectionAsync("deletions");
        var ids = await Api.UploadOkAsync("deletions", ("a.txt", Utf8("Zebras have black and white stripes.")), ("b.txt", Utf8("Zebras live in Africa.")));
        foreach (var id in ids) await Api.ReadyAsync(id);
        Assert.Equal(2, (await Api.SearchAsync("deletions", "zebras")).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/documents/{ids[0]}")).StatusCode);

        var remaining = await Api.SearchAsync("deletions", "zebras");
        Assert.Equal("b.txt", Assert.Single(remaining)!["fileName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/documents/{ids[0]}")).StatusCode);
    }

    [Fact]
    public async Task Identical_content_is_stored_once_per_collection_and_the_original_can_be_downloaded()
    {
        await Api.CreateCollectionAsync("dedup");
        var content = Utf8("Exactly the same bytes.");
        var first = (await Api.UploadOkAsync("dedup", ("one.txt", content)))[0];
        await Api.ReadyAsync(first);
        var second = (await Api.UploadOkAsync("dedup", ("two.txt", content)))[0];

        Assert.Equal(first, second);
        Assert.Single(await Api.SearchAsync("dedup", "same bytes"));
        var original = await Api.Http.GetAsync($"/api/documents/{first}/file");
        Assert.Equal(content, await original.Content.ReadAsByteArrayAsync());
        Assert.Equal("inline", original.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("one.txt", original.Content.Headers.ContentDisposition?.FileNameStar);
        var saved = await Api.Http.GetAsync($"/api/documents/{first}/file?download=true");
        Assert.Equal("attachment", saved.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Collections_are_isolated()
    {
        await Api.CreateCollectionAsync("left");
        await Api.CreateCollectionAsync("right");
        await Api.ReadyAsync((await Api.UploadOkAsync("left", ("l.txt", Utf8("Secret launch codes are kept in the vault."))))[0]);

        Assert.Empty(await Api.SearchAsync("right", "secret launch codes"));
        Assert.Single(await Api.SearchAsync("left", "secret launch codes"));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync("/api/collections/left")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.PostAsJsonAsync("/api/search", new { collection = "left", query = "secret" })).StatusCode);
        await Api.CreateCollectionAsync("left");
        Assert.Empty(await Api.SearchAsync("left", "secret launch codes"));
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_with_the_right_status()
    {
        await Api.CreateCollectionAsync("errors");

        var unknown = await Api.UploadAsync("nope", ("a.txt", Utf8("hello")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", (await RagClient.ProblemAsync(unknown))["detail"]!.GetValue<string>());

        var binary = await Api.UploadAsync("errors", ("program.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, binary.StatusCode);
        Assert.Contains("program.exe", (await RagClient.ProblemAsync(binary))["detail"]!.GetValue<string>());

        var fakePdf = await Api.UploadAsync("errors", ("fake.pdf", Utf8("this is not a pdf at all")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, fakePdf.StatusCode);

        var empty = await Api.UploadAsync("errors", ("empty.txt", []));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("empty", (await RagClient.ProblemAsync(empty))["detail"]!.GetValue<string>());

        Assert.Empty((await Api.Http.GetFromJsonAsync<List<object>>("/api/collections/errors/documents"))!);

        var duplicate = await Api.Http.PostAsJsonAsync("/api/collections", new { name = "errors" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var badName = await Api.Http.PostAsJsonAsync("/api/collections", new { name = "../etc" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);

        var search = await Api.Http.PostAsJsonAsync("/api/search", new { collection = "nope", query = "x" });
        Assert.Equal(HttpStatusCode.NotFound, search.StatusCode);
        await RagClient.ProblemAsync(search);
    }

    [Fact]
    public async Task Oversized_files_are_refused_with_413()
    {
        await Api.CreateCollectionAsync("big");
        var tooBig = new byte[2 * 1024 * 1024 + 1];
        Array.Fill(tooBig, (byte)'a');
        var response = await Api.UploadAsync("big", ("big.txt", tooBig));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", (await RagClient.ProblemAsync(response))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Password_protected_pdfs_fail_with_a_reason()
    {
        await Api.CreateCollectionAsync("hard");
        var id = (await Api.UploadOkAsync("hard",
            ("locked.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("encrypted/encrypted-password-is-password.pdf"))))).Single();

        var locked = await Api.WaitSettledAsync(id);
        Assert.Equal("failed", locked["status"]!.GetValue<string>());
        Assert.Contains("password", locked["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SqliteApiFlowTests() : ApiFlowTests(() => InProcessService.StartAsync("--Rag:Upload:MaxFileBytes=2097152"));

public sealed class PostgresApiFlowTests(PostgresServer postgres) : ApiFlowTests(async () =>
    await InProcessService.StartAsync("--Rag:Upload:MaxFileBytes=2097152", "--Rag:Storage:Provider=postgres",
        $"--Rag:Storage:ConnectionString={await postgres.CreateDatabaseAsync()}")), IClassFixture<PostgresServer>;
