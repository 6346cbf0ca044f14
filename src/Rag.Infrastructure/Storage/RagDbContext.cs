using Microsoft.EntityFrameworkCore;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Infrastructure.Storage.EntityConfigurations;

namespace Rag.Infrastructure.Storage;

/// <summary>
/// The database of collections, documents, chunks, ingestion jobs, API keys and saved conversations. Each provider has a derived context
/// (<see cref="SqliteRagDbContext"/>, <see cref="PostgresRagDbContext"/>) that owns its migrations;
/// everything else depends on this type only.
/// </summary>
public abstract class RagDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Chunk> Chunks => Set<Chunk>();
    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Conversation> Conversations => Set<Conversation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new CollectionConfiguration());
        modelBuilder.ApplyConfiguration(new DocumentConfiguration());
        modelBuilder.ApplyConfiguration(new ChunkConfiguration());
        modelBuilder.ApplyConfiguration(new IngestionJobConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyGrantConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationTurnConfiguration());
    }
}
