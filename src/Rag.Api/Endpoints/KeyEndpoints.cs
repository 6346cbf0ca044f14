using Rag.Api.Access;
using Rag.Application.Access;
using Rag.Contracts;

namespace Rag.Api.Endpoints;

/// <summary>API key management (admin keys only). The secret is in the creation response and nowhere else.</summary>
public static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("Access").RequireAuthorization(AccessRegistration.AdminPolicy);
        group.MapPost("/", CreateAsync);
        group.MapGet("/", (ApiKeyManagement keys, CancellationToken ct) => keys.ListAsync(ct));
        group.MapDelete("/{id:guid}", RevokeAsync);
    }

    private static async Task<IResult> CreateAsync(CreateKeyBody body, ApiKeyManagement keys, CancellationToken ct)
    {
        var (key, secret) = await keys.CreateAsync(new NewApiKey(body.Name, body.Admin ?? false, body.Collections ?? []), ct);
        return TypedResults.Created($"/api/keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, key.Prefix, key.Admin, key.Collections, key.CreatedAt, secret));
    }

    private static async Task<IResult> RevokeAsync(Guid id, ApiKeyManagement keys, CancellationToken ct)
    {
        await keys.RevokeAsync(id, ct);
        return TypedResults.NoContent();
    }
}
