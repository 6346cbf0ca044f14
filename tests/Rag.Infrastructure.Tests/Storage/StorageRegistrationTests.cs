using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rag.Infrastructure.Storage;

namespace Rag.Infrastructure.Tests.Storage;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"rag-registration-{Guid.NewGuid():N}");

    [Fact]
    public async Task Sqlite_is_the_default_and_lives_in_the_data_directory_in_wal_mode()
    {
        await using (var services = Register([]).BuildServiceProvider())
        {
            await services.MigrateRagStorageAsync();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();

            Assert.IsType<SqliteRagDbContext>(db);
            Assert.Equal("wal", await db.Database.SqlQuery<string>($"SELECT journal_mode AS Value FROM pragma_journal_mode()").SingleAsync());
        }

        Assert.True(File.Exists(Path.Combine(_dataDirectory, "rag.db")));
    }

    [Fact]
    public void Postgres_needs_a_connection_string()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["Rag:Storage:Provider"] = "postgres" }));
        Assert.Contains("Rag:Storage:ConnectionString", error.Message);
    }

    [Fact]
    public void An_unknown_provider_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Register(new() { ["Rag:Storage:Provider"] = "mysql" }));
        Assert.Contains("'mysql'", error.Message);
    }

    [Fact]
    public void Postgres_is_selected_by_configuration()
    {
        using var services = Register(new()
        {
            ["Rag:Storage:Provider"] = "Postgres",
            ["Rag:Storage:ConnectionString"] = "Host=localhost;Database=rag",
        }).BuildServiceProvider();

        using var db = services.GetRequiredService<IDbContextFactory<RagDbContext>>().CreateDbContext();
        Assert.IsType<PostgresRagDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
    }

    private IServiceCollection Register(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddRagStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _dataDirectory);
}
