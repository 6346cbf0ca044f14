using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;
using Rag.Core.Errors;
using Rag.Infrastructure.Documents;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Endpoints;

public static class CollectionEndpoints
{
    public sealed record CreateCollection(string? Name);
    public sealed record CollectionInfo(string Name, DateTimeOffset CreatedAt, int DocumentCount);

    public static void MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collections").WithTags("Collections");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{collection}", GetAsync);
        group.MapDelete("/{collection}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(CreateCollection request, RagDbContext db, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        if (!IsValidName(name))
            throw new RequestRejectedException(RejectionKind.BadRequest, "Invalid collection name",
                "A collection name is 1 to 100 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        if (await db.Collections.AnyAsync(c => c.Name == name, ct))
            throw new RequestRejectedException(RejectionKind.Conflict, "Collection exists", $"A collection named '{name}' already exists.");

        var collection = new Collection { Name = name };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/collections/{Uri.EscapeDataString(name)}", new CollectionInfo(name, collection.CreatedAt, 0));
    }

    private static async Task<List<CollectionInfo>> ListAsync(RagDbContext db, CancellationToken ct) =>
        await db.Collections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CollectionInfo(c.Name, c.CreatedAt, db.Documents.Count(d => d.CollectionId == c.Id)))
            .ToListAsync(ct);

    private static async Task<CollectionInfo> GetAsync(string collection, RagDbContext db, CancellationToken ct) =>
        await db.Collections.AsNoTracking().Where(c => c.Name == collection)
            .Select(c => new CollectionInfo(c.Name, c.CreatedAt, db.Documents.Count(d => d.CollectionId == c.Id)))
            .SingleOrDefaultAsync(ct)
        ?? throw RequestRejectedException.CollectionNotFound(collection);

    private static async Task<IResult> DeleteAsync(string collection, Deletions deletions, CancellationToken ct)
    {
        await deletions.DeleteCollectionAsync(collection, ct);
        return TypedResults.NoContent();
    }

    private static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 100 && char.IsLetterOrDigit(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.');
}
