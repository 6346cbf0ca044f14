using Microsoft.EntityFrameworkCore;
using Rag.Api.Access;
using Rag.Contracts;
using Rag.Core.Access;
using Rag.Infrastructure.Storage;

namespace Rag.Api.Endpoints;

/// <summary>GET /api/auth/me: who the caller is and what it may do, for clients (the UI) to adapt to.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/auth/me", MeAsync).WithTags("Access");

    private static async Task<Caller> MeAsync(HttpContext http, ICallerAccess caller, AuthOptions auth, RagDbContext db, CancellationToken ct)
    {
        var access = caller.Current;
        var ids = access.Grants.Keys.ToList();
        var names = await db.Collections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var grants = access.Grants.Where(g => names.ContainsKey(g.Key)).Select(g => new CollectionGrant(names[g.Key], g.Value)).OrderBy(g => g.Collection).ToList();
        return new Caller(http.User.Identity?.Name ?? "", access.IsAdmin, grants, auth.Enabled);
    }
}
