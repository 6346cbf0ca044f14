using Microsoft.EntityFrameworkCore;
using Rag.Infrastructure.Tests.Support;
using Rag.Testing;

namespace Rag.Infrastructure.Tests.Storage;

public sealed class MigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Migrations_create_the_schema_on_an_empty_database_and_match_the_model(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        await using var services = await storage.CreateServicesAsync();
        await using var db = services.Context();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_InitialCreate"));
        Assert.False(db.Database.HasPendingModelChanges(), "The model differs from the last migration's snapshot; add a migration.");
        Assert.Equal(0, await db.Collections.CountAsync());
    }

    [Theory, MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Migrating_again_on_restart_is_a_no_op_that_keeps_data(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, postgres);
        var collection = Seed.Collection();
        await using (var first = await storage.CreateServicesAsync())
        await using (var db = first.Context())
        {
            db.Collections.Add(collection);
            await db.SaveChangesAsync();
        }

        await using var restarted = await storage.CreateServicesAsync();
        await using var again = restarted.Context();

        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
        Assert.Equal(collection.Name, (await again.Collections.SingleAsync()).Name);
    }
}
