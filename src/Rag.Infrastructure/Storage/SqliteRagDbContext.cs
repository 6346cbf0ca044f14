using Microsoft.EntityFrameworkCore;
using Rag.Infrastructure.Storage.Conversions;

namespace Rag.Infrastructure.Storage;

public sealed class SqliteRagDbContext(DbContextOptions<SqliteRagDbContext> options) : RagDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset values; UTC ticks sort and compare correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
