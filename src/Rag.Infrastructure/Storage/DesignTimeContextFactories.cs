using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rag.Infrastructure.Storage;

// Used by `dotnet ef migrations add`; no database is contacted when scaffolding a migration.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRagDbContext>
{
    public SqliteRagDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRagDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRagDbContext>
{
    public PostgresRagDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRagDbContext>().UseNpgsql("Host=localhost;Database=rag").Options);
}
