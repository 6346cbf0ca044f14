using Rag.Api.Access;
using Rag.Application.Maintenance;

namespace Rag.Api.Endpoints;

/// <summary>Operator endpoints (admin keys only): whether the stores behind a collection agree (after a crash or a fault).</summary>
public static class MaintenanceEndpoints
{
    public static void MapMaintenanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/collections").WithTags("Maintenance").RequireAuthorization(AccessRegistration.AdminPolicy);
        group.MapGet("/{collection}/consistency", CheckAsync);
    }

    private static Task<ConsistencyReport> CheckAsync(string collection, Guid? document, ConsistencyCheck check, CancellationToken ct) =>
        check.RunAsync(collection, document, ct);
}
