using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Rag.Core.Retrieval;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Byte layout of a segment file: a 64-byte header (magic, format version, dimension, rows per segment)
/// followed by fixed-size records [vector float32 × dimension][chunk id][collection id][document id][marker][crc32c].
/// The vector comes first so every vector starts 8-byte aligned.
/// </summary>
internal sealed class RecordLayout
{
    public const int HeaderSize = 64;
    public const int FormatVersion = 1;
    private const uint RecordMarker = 0x31434552; // "REC1": a zero-filled (never written) slot can never pass validation
    private static ReadOnlySpan<byte> Magic => "RAGVECS\0"u8;

    public RecordLayout(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        ChunkOffset = dimension * sizeof(float);
        CollectionOffset = ChunkOffset + 16;
        DocumentOffset = CollectionOffset + 16;
        MarkerOffset = DocumentOffset + 16;
        ChecksumOffset = MarkerOffset + 4;
        RecordSize = ChecksumOffset + 4;
    }

    public int Dimension { get; }
    public int ChunkOffset { get; }
    public int CollectionOffset { get; }
    public int DocumentOffset { get; }
    public int MarkerOffset { get; }
    public int ChecksumOffset { get; }
    public int RecordSize { get; }

    public long SegmentFileSize(int rowsPerSegment) => HeaderSize + (long)rowsPerSegment * RecordSize;

    public void WriteHeader(Span<byte> header, int rowsPerSegment)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], rowsPerSegment);
    }

    public void ValidateHeader(ReadOnlySpan<byte> header, int rowsPerSegment, string path)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a vector segment file.");
        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"'{path}' has format version {version}; this build reads version {FormatVersion}.");
        var dimension = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (dimension != Dimension)
            throw new InvalidDataException($"'{path}' holds vectors of dimension {dimension}, expected {Dimension}.");
        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (rows != rowsPerSegment)
            throw new InvalidDataException($"'{path}' holds {rows} rows per segment, the manifest says {rowsPerSegment}.");
    }

    public void Encode(VectorRecord record, Span<byte> destination)
    {
        MemoryMarshal.AsBytes(record.Vector.Span).CopyTo(destination);
        record.ChunkId.TryWriteBytes(destination[ChunkOffset..]);
        record.CollectionId.TryWriteBytes(destination[CollectionOffset..]);
        record.DocumentId.TryWriteBytes(destination[DocumentOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[MarkerOffset..], RecordMarker);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChecksumOffset..], Checksum(destination[..ChecksumOffset]));
    }

    public ReadOnlySpan<float> Vector(ReadOnlySpan<byte> record) => MemoryMarshal.Cast<byte, float>(record[..ChunkOffset]);

    /// <summary>Whether the slot was ever written (cheap; <see cref="IsValid"/> also checks it was written whole).</summary>
    public bool HasMarker(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record[MarkerOffset..]) == RecordMarker;

    public bool IsValid(ReadOnlySpan<byte> record) =>
        HasMarker(record) && BinaryPrimitives.ReadUInt32LittleEndian(record[ChecksumOffset..]) == Checksum(record[..ChecksumOffset]);

    /// <summary>CRC-32C (hardware accelerated where available); input length must be a multiple of 4.</summary>
    public static uint Checksum(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        var longs = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var value in longs)
            crc = BitOperations.Crc32C(crc, value);
        foreach (var value in MemoryMarshal.Cast<byte, uint>(data[(longs.Length * sizeof(ulong))..]))
            crc = BitOperations.Crc32C(crc, value);
        return ~crc;
    }
}
