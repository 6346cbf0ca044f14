using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rag.Application.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>A broken upload body is the client's mistake: 400 problem details that say what is wrong, never a 500.
/// A real 500 (a bug) is logged with its exception and the trace id the response carries.</summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private const string Boundary = "b0undary";
    private const string Collection = "uploads";

    private readonly LogRecorder _logs = new();
    private InProcessService _service = null!;

    public async Task InitializeAsync()
    {
        _service = await InProcessService.StartWithAsync(services => services.AddSingleton<ILoggerProvider>(_logs),
            "--Rag:Upload:MaxFilesPerRequest=5000");
        await _service.Client.CreateCollectionAsync(Collection);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static string FilePart(string disposition, string content = "hello") =>
        $"--{Boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\n{content}\r\n";

    private static string Closed(string parts) => parts + $"--{Boundary}--\r\n";

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        {
            "more than 1,024 file parts", $"multipart/form-data; boundary={Boundary}",
            Closed(string.Concat(Enumerable.Range(0, 1025).Select(i => FilePart($"form-data; name=\"file\"; filename=\"f{i}.txt\"", $"file {i}")))),
            "1024"
        },
        {
            "2,000 form fields", $"multipart/form-data; boundary={Boundary}",
            Closed(string.Concat(Enumerable.Range(0, 2000).Select(i => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv\r\n"))),
            "1024"
        },
        {
            "a part without Content-Disposition", $"multipart/form-data; boundary={Boundary}",
            Closed($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n"), "Content-Disposition"
        },
        {
            "no closing boundary", $"multipart/form-data; boundary={Boundary}",
            FilePart("form-data; name=\"file\"; filename=\"a.txt\""), "closing boundary"
        },
        {
            "no boundary parameter", "multipart/form-data",
            Closed(FilePart("form-data; name=\"file\"; filename=\"a.txt\"")), "boundary"
        },
        {
            "a 20 KB part header", $"multipart/form-data; boundary={Boundary}",
            Closed($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nX-Padding: {new string('x', 20 * 1024)}\r\n\r\nhello\r\n"),
            "header"
        },
        {
            "a CRLF in a file name", $"multipart/form-data; boundary={Boundary}",
            Closed(FilePart("form-data; name=\"file\"; filename=\"a\r\nb.txt\"")), "header line"
        },
        {
            "an unclosed quote in a file name", $"multipart/form-data; boundary={Boundary}",
            Closed(FilePart("form-data; name=\"file\"; filename=\"a.txt")), "Content-Disposition"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_multipart_upload_gets_400_saying_what_is_wrong(string malformation, string contentType, string body, string named)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _service.Client.Http.PostAsync($"/api/collections/{Collection}/documents", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{malformation}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("Malformed upload", problem["title"]!.GetValue<string>());
        Assert.Contains(named, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await _service.Client.Http.GetFromJsonAsync<JsonArray>($"/api/collections/{Collection}/documents"))!);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_bug_gets_500_and_is_logged_with_its_exception_and_the_trace_id_the_response_carries()
    {
        var logs = new LogRecorder();
        await using var buggy = await InProcessService.StartWithAsync(services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // A bug on one route: resolving the service behind GET /api/documents/{id} fails.
            services.AddScoped<DocumentQueries>(_ => throw new InvalidOperationException("Forced bug for the test"));
        });

        var response = await buggy.Client.Http.GetAsync($"/api/documents/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var traceId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["traceId"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(traceId));
        var logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("Forced bug for the test", logged.Exception?.Message);
        Assert.Equal(traceId, logged.State["TraceId"]);
        Assert.Contains(traceId, logged.Message);
        Assert.Contains("GET /api/documents/", logged.Message);
    }
}
