using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rag.Infrastructure.Storage.Conversions;

/// <summary>Stores an instant as UTC ticks; the original offset is not kept (values read back are UTC).</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
