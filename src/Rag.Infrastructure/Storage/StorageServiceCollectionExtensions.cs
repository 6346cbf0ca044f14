using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Rag.Infrastructure.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RagDbContext"/> (scoped), <see cref="IDbContextFactory{RagDbContext}"/> and
    /// <see cref="IngestionJobQueue"/> for the provider chosen in <c>Rag:Storage</c>.
    /// </summary>
    public static IServiceCollection AddRagStorage(
        this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        return options.Provider.Trim().ToLowerInvariant() switch
        {
            StorageOptions.Sqlite => services.AddSqliteStorage(options.ConnectionString ?? DefaultSqliteConnectionString(dataDirectory)),
            StorageOptions.Postgres => services.AddPostgresStorage(options.ConnectionString ?? throw new InvalidOperationException(
                $"{StorageOptions.SectionName}:ConnectionString is required when the provider is '{StorageOptions.Postgres}'.")),
            _ => throw new InvalidOperationException(
                $"{StorageOptions.SectionName}:Provider '{options.Provider}' is not supported; use '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}'."),
        };
    }

    /// <summary>The embedded database: one SQLite file (WAL journal; write locks waited for, see the interceptor).</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string connectionString) =>
        services.AddRagDbContext<SqliteRagDbContext>(builder => builder
                .UseSqlite(connectionString)
                .AddInterceptors(new SqliteConnectionSettingsInterceptor()))
            .AddJobQueue();

    /// <summary>The server database: PostgreSQL through Npgsql.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString) =>
        services.AddRagDbContext<PostgresRagDbContext>(builder => builder.UseNpgsql(connectionString)).AddJobQueue();

    private static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IngestionJobQueue>();
        return services;
    }

    /// <summary>Creates or upgrades the database to the latest migration; safe to run on every start.</summary>
    public static async Task MigrateRagStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RagDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            CreateSqliteDirectory(db.Database.GetConnectionString());
            await db.Database.MigrateAsync(cancellationToken);
            // WAL lets the ingestion worker write while requests read; the mode persists in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    private static IServiceCollection AddRagDbContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : RagDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<RagDbContext>, RagDbContextFactory<TContext>>();
        services.AddScoped<RagDbContext>(provider => provider.GetRequiredService<TContext>());
        return services;
    }

    private static string DefaultSqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDirectory), "rag.db"),
            // Seconds a command waits for another connection's write lock before "database is locked".
            DefaultTimeout = 30,
        }.ToString();

    private static void CreateSqliteDirectory(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (dataSource is "" or ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }
}
