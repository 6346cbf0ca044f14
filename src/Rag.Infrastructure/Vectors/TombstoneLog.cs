using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Append-only log of deleted row numbers. Each batch is [count int32][crc32c uint32][rows int32 × count] and
/// is applied whole or not at all; a torn last batch is truncated away on open.
/// </summary>
internal sealed class TombstoneLog : IDisposable
{
    private const int BatchHeaderSize = 8;
    private readonly FileStream _file;

    private TombstoneLog(FileStream file) => _file = file;

    public static TombstoneLog Open(string path, out List<int> deletedRows)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        deletedRows = [];
        var content = new byte[file.Length];
        file.ReadExactly(content);
        var validLength = 0;
        while (TryReadBatch(content.AsSpan(validLength), out var rows))
        {
            deletedRows.AddRange(rows);
            validLength += BatchHeaderSize + rows.Length * sizeof(int);
        }
        if (validLength != content.Length)
        {
            file.SetLength(validLength);
            file.Flush(flushToDisk: true);
        }
        file.Position = validLength;
        return new TombstoneLog(file);
    }

    public void Append(IReadOnlyList<int> rows)
    {
        if (rows.Count == 0)
            return;
        var batch = new byte[BatchHeaderSize + rows.Count * sizeof(int)];
        var body = MemoryMarshal.Cast<byte, int>(batch.AsSpan(BatchHeaderSize));
        for (var i = 0; i < rows.Count; i++)
            body[i] = rows[i];
        BinaryPrimitives.WriteInt32LittleEndian(batch, rows.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(batch.AsSpan(4), RecordLayout.Checksum(batch.AsSpan(BatchHeaderSize)));
        _file.Write(batch);
        _file.Flush(flushToDisk: true);
    }

    public void Dispose() => _file.Dispose();

    private static bool TryReadBatch(ReadOnlySpan<byte> data, out ReadOnlySpan<int> rows)
    {
        rows = default;
        if (data.Length < BatchHeaderSize)
            return false;
        var count = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (count <= 0 || count > (data.Length - BatchHeaderSize) / sizeof(int))
            return false;
        var body = data.Slice(BatchHeaderSize, count * sizeof(int));
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != RecordLayout.Checksum(body))
            return false;
        rows = MemoryMarshal.Cast<byte, int>(body);
        return true;
    }
}
