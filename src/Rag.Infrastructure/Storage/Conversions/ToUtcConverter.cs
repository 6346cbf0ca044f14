using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rag.Infrastructure.Storage.Conversions;

public sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);
