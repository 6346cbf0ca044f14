using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rag.Core.Domain;

namespace Rag.Infrastructure.Storage.Conversions;

/// <summary>Stores <see cref="DocumentStatus"/> as its lower-case name ("queued", "ready", ...).</summary>
public sealed class DocumentStatusConverter() : ValueConverter<DocumentStatus, string>(
    status => ToText(status),
    text => FromText(text))
{
    public static string ToText(DocumentStatus status) => status.ToString().ToLowerInvariant();

    public static DocumentStatus FromText(string text) => Enum.Parse<DocumentStatus>(text, true);
}
