using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rag.Core.Domain;
using Rag.Infrastructure.Storage.Conversions;

namespace Rag.Infrastructure.Storage.EntityConfigurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> document)
    {
        document.HasKey(d => d.Id);
        document.HasOne<Collection>().WithMany().HasForeignKey(d => d.CollectionId).OnDelete(DeleteBehavior.Cascade);

        // Identical bytes uploaded twice into one collection are one document.
        document.HasIndex(d => new { d.CollectionId, d.ContentHash }).IsUnique();

        document.Property(d => d.FileName).HasMaxLength(400);
        document.Property(d => d.ContentType).HasMaxLength(200);
        document.Property(d => d.ContentHash).HasMaxLength(64);
        document.Property(d => d.Status).HasConversion<DocumentStatusConverter>().HasMaxLength(16);
        document.Property(d => d.Stage).HasMaxLength(32);
    }
}
