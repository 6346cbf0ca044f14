using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Documents;
using Rag.Infrastructure.Files;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Endpoints;

public static class DocumentEndpoints
{
    public sealed record Progress(string Stage, int Done, int Total, int Percent);

    public sealed record DocumentInfo(
        Guid Id, string Collection, string FileName, string ContentType, long SizeBytes, string Status, Progress Progress,
        int PageCount, int PagesWithoutText, int ChunkCount, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record ChunkInfo(Guid Id, int Ordinal, int Page, int Start, int End, string Text, string? Heading);

    public sealed record UploadedDocument(Guid Id, string FileName, string Status, bool Duplicate, string StatusUrl);

    public static void MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/collections/{collection}/documents", UploadAsync).DisableAntiforgery().WithTags("Documents");
        app.MapGet("/api/collections/{collection}/documents", ListAsync).WithTags("Documents");
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapGet("/{id:guid}", GetAsync);
        group.MapGet("/{id:guid}/file", DownloadAsync);
        group.MapGet("/{id:guid}/chunks", ChunksAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
    }

    private static async Task<IResult> UploadAsync(string collection, HttpRequest request, DocumentUploads uploads, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new RequestRejectedException(RejectionKind.UnsupportedMediaType, "Multipart form expected",
                "Upload files as multipart/form-data in the field 'file'.");
        var form = await request.ReadFormAsync(ct);
        var files = form.Files.GetFiles("file")
            .Select(f => new IncomingFile(f.FileName, f.Length, f.OpenReadStream))
            .ToList();
        var accepted = await uploads.UploadAsync(collection, files, ct);
        return TypedResults.Accepted((string?)null,
            accepted.Select(d => new UploadedDocument(d.Id, d.FileName, d.Status, d.Duplicate, $"/api/documents/{d.Id}")).ToList());
    }

    private static async Task<List<DocumentInfo>> ListAsync(string collection, RagDbContext db, CancellationToken ct)
    {
        var owner = await db.Collections.AsNoTracking().SingleOrDefaultAsync(c => c.Name == collection, ct)
            ?? throw RequestRejectedException.CollectionNotFound(collection);
        var documents = await db.Documents.AsNoTracking().Where(d => d.CollectionId == owner.Id).ToListAsync(ct);
        return documents.OrderBy(d => d.CreatedAt).Select(d => Describe(d, owner.Name)).ToList();
    }

    private static async Task<DocumentInfo> GetAsync(Guid id, RagDbContext db, CancellationToken ct)
    {
        var row = await db.Documents.AsNoTracking().Where(d => d.Id == id)
            .Join(db.Collections, d => d.CollectionId, c => c.Id, (d, c) => new { Document = d, Collection = c.Name })
            .SingleOrDefaultAsync(ct) ?? throw RequestRejectedException.DocumentNotFound(id);
        return Describe(row.Document, row.Collection);
    }

    /// <summary>The original, shown inline so that a browser opens a PDF at #page=N; ?download=true saves it instead.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, RagDbContext db, FileStore files, HttpResponse response, CancellationToken ct, bool download = false)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct)
            ?? throw RequestRejectedException.DocumentNotFound(id);
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline")
        {
            FileNameStar = document.FileName,
        }.ToString();
        return TypedResults.File(files.OpenRead(document.ContentHash), document.ContentType, enableRangeProcessing: true);
    }

    private static async Task<List<ChunkInfo>> ChunksAsync(Guid id, RagDbContext db, CancellationToken ct, int offset = 0, int limit = 100)
    {
        if (!await db.Documents.AnyAsync(d => d.Id == id, ct)) throw RequestRejectedException.DocumentNotFound(id);
        return await db.Chunks.AsNoTracking().Where(c => c.DocumentId == id).OrderBy(c => c.Ordinal)
            .Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 1000))
            .Select(c => new ChunkInfo(c.Id, c.Ordinal, c.Page, c.Start, c.End, c.Text, c.Heading))
            .ToListAsync(ct);
    }

    private static async Task<IResult> DeleteAsync(Guid id, Deletions deletions, CancellationToken ct)
    {
        await deletions.DeleteDocumentAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static DocumentInfo Describe(Document d, string collection) => new(
        d.Id, collection, d.FileName, d.ContentType, d.SizeBytes, d.Status.ToString().ToLowerInvariant(),
        new Progress(d.Stage, d.ProgressDone, d.ProgressTotal, PercentOf(d)),
        d.PageCount, d.PagesWithoutText, d.ChunkCount, d.Error, d.CreatedAt, d.UpdatedAt);

    /// <summary>Overall percentage: each stage owns a slice of the bar, filled by its own done/total.</summary>
    private static int PercentOf(Document d)
    {
        if (d.Status is DocumentStatus.Ready or DocumentStatus.Failed) return 100;
        var (from, to) = d.Stage switch
        {
            IngestionStage.Extracting => (0, 60),
            IngestionStage.Chunking => (60, 70),
            IngestionStage.Embedding => (70, 95),
            IngestionStage.Indexing => (95, 100),
            _ => (0, 0),
        };
        double fraction = d.ProgressTotal > 0 ? Math.Clamp((double)d.ProgressDone / d.ProgressTotal, 0, 1) : 0;
        return (int)(from + (to - from) * fraction);
    }
}
