using Rag.Application.Collections;
using Rag.Application.Documents;
using Rag.Contracts;

namespace Rag.Api.Endpoints;

public static class CollectionEndpoints
{
    public static void MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collections").WithTags("Collections");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{collection}", GetAsync);
        group.MapDelete("/{collection}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(CreateCollectionBody request, CollectionCatalog catalog, CancellationToken ct)
    {
        var created = await catalog.CreateAsync(request.Name, ct);
        return TypedResults.Created($"/api/collections/{Uri.EscapeDataString(created.Name)}", created);
    }

    private static Task<List<CollectionInfo>> ListAsync(CollectionCatalog catalog, CancellationToken ct) => catalog.ListAsync(ct);

    private static Task<CollectionInfo> GetAsync(string collection, CollectionCatalog catalog, CancellationToken ct) => catalog.GetAsync(collection, ct);

    private static async Task<IResult> DeleteAsync(string collection, Deletions deletions, CancellationToken ct)
    {
        await deletions.DeleteCollectionAsync(collection, ct);
        return TypedResults.NoContent();
    }
}
