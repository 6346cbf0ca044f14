using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Access;

/// <summary>Finds the live key for a presented secret. Looked up on every request, so a revoked key stops working at once.</summary>
public sealed class ApiKeyAuthenticator(RagDbContext db)
{
    public Task<ApiKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        return db.ApiKeys.AsNoTracking().Include(k => k.Grants)
            .SingleOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
    }
}
