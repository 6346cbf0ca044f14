using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rag.Core.Domain;
using Rag.Infrastructure.Keyword;

namespace Rag.Bench.Tests.Evaluation;

/// <summary>
/// Stand-in for the service's HTTP API as the evaluation uses it: documents are "queued" until listed once, each
/// paragraph becomes its own chunk, and search is keyword search; "vector" search gives the keyword hits in reverse.
/// </summary>
internal sealed class FakeRagService : IAsyncDisposable
{
    private sealed record StoredDocument(Guid Id, string FileName)
    {
        public string Status { get; set; } = "queued";
    }

    private readonly WebApplication app;
    private readonly string indexFolder = Directory.CreateTempSubdirectory("fake-rag-").FullName;
    private readonly LuceneKeywordIndex index;
    private readonly ConcurrentDictionary<string, Guid> collections = new();
    private readonly ConcurrentDictionary<Guid, StoredDocument> documents = new();
    private readonly ConcurrentDictionary<Guid, (Guid DocumentId, int Start, string Text)> chunks = new();

    private FakeRagService()
    {
        index = new LuceneKeywordIndex(indexFolder);
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        app = builder.Build();
        app.MapPost("/api/collections", (CollectionRequest request) =>
        {
            collections[request.Name] = Guid.NewGuid();
            return Results.Created($"/api/collections/{request.Name}", request);
        });
        app.MapPost("/api/collections/{name}/documents", UploadAsync).DisableAntiforgery();
        app.MapGet("/api/collections/{name}/documents", (string name) =>
        {
            var listed = documents.Values.Select(d => new { d.Id, d.FileName, d.Status }).ToList();
            foreach (var document in documents.Values)
                document.Status = "ready";
            return Results.Ok(listed);
        });
        app.MapPost("/api/search", SearchAsync);
    }

    public Uri Address => new(app.Urls.First());

    /// <summary>The chunk counts asked for by each search.</summary>
    public ConcurrentBag<int> RequestedTops { get; } = [];

    public static async Task<FakeRagService> StartAsync()
    {
        var service = new FakeRagService();
        await service.app.StartAsync();
        return service;
    }

    private async Task<IResult> UploadAsync(string name, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var accepted = new List<object>();
        foreach (var file in form.Files.GetFiles("file"))
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var content = await reader.ReadToEndAsync();
            var document = new StoredDocument(Guid.NewGuid(), file.FileName);
            documents[document.Id] = document;
            var paragraphs = content.Split("\n\n");
            var documentChunks = paragraphs.Select((text, ordinal) => new Chunk
            {
                Id = Chunk.DeterministicId(document.Id, ordinal), DocumentId = document.Id, CollectionId = collections[name], Page = 1, Text = text,
            }).ToList();
            var start = 0;
            foreach (var chunk in documentChunks)
            {
                chunks[chunk.Id] = (document.Id, start, chunk.Text);
                start += chunk.Text.Length + 2;
            }
            await index.UpsertAsync(documentChunks);
            accepted.Add(new { document.Id, document.FileName, document.Status, StatusUrl = $"/api/documents/{document.Id}" });
        }
        return Results.Accepted(value: accepted);
    }

    private async Task<IResult> SearchAsync(SearchRequest request)
    {
        RequestedTops.Add(request.Top);
        IEnumerable<Rag.Core.Retrieval.ChunkHit> hits = await index.SearchAsync(collections[request.Collection], request.Query, request.Top);
        if (request.Mode == "vector")
            hits = hits.Reverse();
        var results = hits.Select(hit =>
        {
            var (documentId, start, text) = chunks[hit.ChunkId];
            return new { DocumentId = documentId, documents[documentId].FileName, Page = 1, Start = start, End = start + text.Length, Text = text, hit.Score };
        });
        return Results.Ok(new { Results = results, Retrieval = new { request.Mode, Legs = new[] { request.Mode } } });
    }

    private sealed record CollectionRequest(string Name);

    private sealed record SearchRequest(string Collection, string Query, int Top, string Mode);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await index.DisposeAsync();
        Directory.Delete(indexFolder, recursive: true);
    }
}
