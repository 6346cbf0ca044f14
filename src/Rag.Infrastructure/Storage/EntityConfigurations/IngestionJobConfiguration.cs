using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage.EntityConfigurations;

internal sealed class IngestionJobConfiguration : IEntityTypeConfiguration<IngestionJob>
{
    public void Configure(EntityTypeBuilder<IngestionJob> job)
    {
        job.HasKey(j => j.Id);
        job.HasOne<Document>().WithOne().HasForeignKey<IngestionJob>(j => j.DocumentId).OnDelete(DeleteBehavior.Cascade);
        job.HasIndex(j => j.DocumentId).IsUnique();
        job.HasIndex(j => j.CreatedAt);
    }
}
