using Microsoft.EntityFrameworkCore;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage;

// TEMPORARY placeholder until the storage branch lands.
public class RagDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Chunk> Chunks => Set<Chunk>();
    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();
}
