using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Storage;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Support;

/// <summary>
/// A fresh, empty database of one provider (a temp SQLite file or a new PostgreSQL database) wired through
/// <see cref="StorageServiceCollectionExtensions.AddRagStorage"/>. Dispose deletes the SQLite file.
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private TestStorage(string provider, string connectionString, string dataDirectory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
    }

    public string Provider { get; }
    public string ConnectionString { get; }

    /// <summary>Configuration entries selecting this database, e.g. for a WebApplicationFactory.</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationValues => new Dictionary<string, string?>
    {
        [$"{StorageOptions.SectionName}:Provider"] = Provider,
        [$"{StorageOptions.SectionName}:ConnectionString"] = ConnectionString,
    };

    public static async Task<TestStorage> CreateAsync(string provider, PostgresServer postgres)
    {
        var postgresConnectionString = provider == StorageOptions.Postgres ? await postgres.CreateDatabaseAsync() : null;
        var dataDirectory = Directory.CreateTempSubdirectory("rag-storage-test-").FullName;
        var connectionString = provider switch
        {
            StorageOptions.Sqlite => new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, "rag.db"),
                DefaultTimeout = 30,
            }.ToString(),
            StorageOptions.Postgres => postgresConnectionString!,
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };
        return new TestStorage(provider, connectionString, dataDirectory);
    }

    /// <summary>
    /// A service provider with storage registered (as an application process would have it), migrated unless
    /// <paramref name="migrate"/> is false. Each call is a separate "process" with its own connection pool.
    /// </summary>
    public async Task<ServiceProvider> CreateServicesAsync(TimeProvider? time = null, bool migrate = true)
    {
        var services = new ServiceCollection();
        if (time is not null)
            services.AddSingleton(time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfigurationValues).Build();
        var provider = services.AddRagStorage(configuration, _dataDirectory).BuildServiceProvider();
        if (migrate)
            await provider.MigrateRagStorageAsync();
        return provider;
    }

    public ValueTask DisposeAsync()
    {
        // PostgreSQL databases are dropped by the PostgresServer fixture; SQLite files go here.
        if (Provider == StorageOptions.Sqlite)
            SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
