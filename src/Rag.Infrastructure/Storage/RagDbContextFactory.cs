using Microsoft.EntityFrameworkCore;

namespace Rag.Infrastructure.Storage;

/// <summary>Hands out the configured provider's context typed as <see cref="RagDbContext"/>.</summary>
internal sealed class RagDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<RagDbContext>
    where TContext : RagDbContext
{
    public RagDbContext CreateDbContext() => inner.CreateDbContext();
}
