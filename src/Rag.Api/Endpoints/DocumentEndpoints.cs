using Microsoft.Net.Http.Headers;
using Rag.Api.Access;
using Rag.Api.Hosting;
using Rag.Application.Documents;
using Rag.Contracts;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Extraction;
using Rag.Infrastructure.Files;

namespace Rag.Api.Endpoints;

public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/collections/{collection}/documents", UploadAsync).DisableAntiforgery().WithTags("Documents")
            .RequireRateLimiting(RateLimits.Uploads);
        app.MapGet("/api/collections/{collection}/documents", ListAsync).WithTags("Documents");
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapGet("/{id:guid}", GetAsync);
        group.MapGet("/{id:guid}/file", DownloadAsync);
        group.MapGet("/{id:guid}/chunks", ChunksAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/retry", RetryAsync);
    }

    private static async Task<IResult> UploadAsync(string collection, HttpRequest request, DocumentUploads uploads, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new RequestRejectedException(RejectionReason.UnsupportedFormat, "Multipart form expected",
                "Upload files as multipart/form-data in the field 'file'.");
        var target = await uploads.TargetAsync(collection, ct); // refuse before the body is read
        var form = await UploadForm.ReadAsync(request, ct);
        var files = form.Files.GetFiles("file")
            .Select(f => new IncomingFile(f.FileName, f.Length, f.OpenReadStream))
            .ToList();
        var outcomes = await uploads.UploadAsync(target, files, ct);
        var refused = outcomes.Count(o => o.Refusal is not null);
        if (refused == 0) // the answer as it was before 207: a duplicate is named as the document it duplicates
            return TypedResults.Accepted((string?)null, outcomes.Select(o => Report(o with { FileName = o.Document!.FileName })).ToList());
        if (outcomes.Count == 1)
            throw outcomes[0].Refusal!; // a single file keeps its own status (415, 413, 400) and problem
        if (refused == outcomes.Count)
            return TypedResults.Problem(
                $"None of the {outcomes.Count} files was stored; 'files' gives each one's reason.", statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "No file stored", extensions: new Dictionary<string, object?> { ["files"] = outcomes.Select(Report).ToList() });
        return TypedResults.Json(outcomes.Select(Report).ToList(), statusCode: StatusCodes.Status207MultiStatus);
    }

    private static UploadedDocument Report(FileOutcome outcome) => outcome switch
    {
        { Document: { } d } => new UploadedDocument(d.Id, outcome.FileName, d.Status, d.Duplicate, $"/api/documents/{d.Id}", null),
        { Refusal: { } r } => new UploadedDocument(null, outcome.FileName, UploadedDocument.Refused, false, null,
            new FileProblem(ProblemMapping.StatusOf(r.Reason), r.Title, r.Message)),
        _ => throw new InvalidOperationException($"No outcome for '{outcome.FileName}'."),
    };

    private static async Task<List<DocumentInfo>> ListAsync(string collection, DocumentQueries documents, CancellationToken ct)
    {
        var (owner, rows) = await documents.ListAsync(collection, ct);
        return rows.Select(d => Describe(d, owner.Name)).ToList();
    }

    private static async Task<DocumentInfo> GetAsync(Guid id, DocumentQueries documents, CancellationToken ct)
    {
        var (document, collection) = await documents.GetAsync(id, ct);
        return Describe(document, collection);
    }

    /// <summary>Originals a browser only displays (no script, no active content), so they may open in a tab: a PDF at
    /// #page=N in the browser's viewer, text, pictures. Everything else (HTML, Office files, TIFF) is sent as an attachment.</summary>
    private static readonly HashSet<string> ShownInline =
    [
        KnownContentTypes.Pdf, KnownContentTypes.PlainText, KnownContentTypes.Markdown, KnownContentTypes.Csv,
        KnownContentTypes.Png, KnownContentTypes.Jpeg,
    ];

    /// <summary>The original under the type it was sniffed as, never re-sniffed by the browser (nosniff) and sandboxed
    /// (no script, no same-origin access) whatever it is, so that an uploaded page cannot act in the service's origin;
    /// ?download=true saves any type.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, DocumentQueries documents, FileStore files, OriginalCharsets charsets, HttpResponse response, CancellationToken ct, bool download = false)
    {
        var (document, _) = await documents.GetAsync(id, ct);
        var inline = !download && ShownInline.Contains(document.ContentType);
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment")
        {
            FileNameStar = document.FileName,
        }.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(files.OpenRead(document.ContentHash), await charsets.ContentTypeAsync(document, ct), enableRangeProcessing: true);
    }

    private static async Task<List<ChunkInfo>> ChunksAsync(Guid id, DocumentQueries documents, CancellationToken ct, int offset = 0, int limit = 100) =>
        (await documents.ChunksAsync(id, offset, limit, ct))
            .Select(c => new ChunkInfo(c.Id, c.Ordinal, c.Page, c.Start, c.End, c.Text, c.Heading))
            .ToList();

    private static async Task<IResult> RetryAsync(Guid id, DocumentRetries retries, CancellationToken ct)
    {
        var (document, collection) = await retries.RetryAsync(id, ct);
        return TypedResults.Accepted($"/api/documents/{id}", Describe(document, collection));
    }

    private static async Task<IResult> DeleteAsync(Guid id, Deletions deletions, CancellationToken ct)
    {
        await deletions.DeleteDocumentAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static DocumentInfo Describe(Document d, string collection) => new(
        d.Id, collection, d.FileName, d.ContentType, d.SizeBytes, d.Status.ToString().ToLowerInvariant(),
        new DocumentProgress(d.Stage, d.ProgressDone, d.ProgressTotal, PercentOf(d)),
        d.PageCount, d.PagesWithoutText, d.ChunkCount, d.Error, d.CreatedAt, d.UpdatedAt);

    /// <summary>Overall percentage: each stage owns a slice of the bar, filled by its own done/total.</summary>
    private static int PercentOf(Document d)
    {
        if (d.Status is DocumentStatus.Ready or DocumentStatus.Failed) return 100;
        var (from, to) = d.Stage switch
        {
            IngestionStage.Extracting => (0, 40),
            IngestionStage.Ocr => (40, 60),
            IngestionStage.Chunking => (60, 70),
            IngestionStage.Embedding => (70, 95),
            IngestionStage.Indexing => (95, 100),
            _ => (0, 0),
        };
        double fraction = d.ProgressTotal > 0 ? Math.Clamp((double)d.ProgressDone / d.ProgressTotal, 0, 1) : 0;
        return (int)(from + (to - from) * fraction);
    }
}
