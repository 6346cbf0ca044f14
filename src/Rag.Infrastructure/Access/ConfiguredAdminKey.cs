using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Access;

/// <summary>Keeps exactly one admin key from configuration: the one configured now. A changed configured key
/// replaces the previous one, which stops working.</summary>
public sealed class ConfiguredAdminKey(IDbContextFactory<RagDbContext> contexts)
{
    public const string KeyName = "admin (configuration)";

    public async Task RegisterAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var configured = await db.ApiKeys.Where(k => k.FromConfiguration).ToListAsync(cancellationToken);
        if (configured.Any(k => k.SecretHash == hash && k.RevokedAt == null)) return;

        db.ApiKeys.RemoveRange(configured);
        db.ApiKeys.Add(new ApiKey
        {
            Name = KeyName,
            Prefix = ApiKeySecrets.DisplayPrefix(secret),
            SecretHash = hash,
            IsAdmin = true,
            FromConfiguration = true,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Fine if another replica starting on the same database registered the same key a moment earlier.
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await fresh.ApiKeys.AnyAsync(k => k.SecretHash == hash && k.FromConfiguration, cancellationToken)) throw;
        }
    }
}
