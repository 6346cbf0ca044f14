using Microsoft.EntityFrameworkCore;
using Rag.Infrastructure.Storage.Conversions;

namespace Rag.Infrastructure.Storage;

public sealed class PostgresRagDbContext(DbContextOptions<PostgresRagDbContext> options) : RagDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql only writes offset-zero values to timestamptz; normalise instead of failing on local times.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }
}
