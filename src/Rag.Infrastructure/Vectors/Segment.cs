using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// One preallocated segment file of <c>capacity</c> record slots, written with FileStream and read through a
/// read-only memory map of the whole file. Slots past the valid prefix are zero, so they never validate.
/// With <see cref="SegmentCopies.ResidentVectors"/>, searches read a copy in unmanaged memory instead of the map (the
/// file stays the durable copy); with <see cref="SegmentCopies.Int8"/>, the segment also keeps <see cref="Int8Codes"/>.
/// </summary>
internal sealed unsafe class Segment : IDisposable
{
    private readonly RecordLayout _layout;
    private readonly FileStream _file;
    private MemoryMappedFile _map = null!;
    private MemoryMappedViewAccessor _view = null!;
    private byte* _mapped;
    private byte* _resident;
    private byte* _base;

    private Segment(string path, RecordLayout layout, int capacity, FileStream file, SegmentCopies copies)
    {
        Path = path;
        _layout = layout;
        Capacity = capacity;
        _file = file;
        if (copies.ResidentVectors)
            _resident = (byte*)NativeMemory.AllocZeroed((nuint)layout.SegmentFileSize(capacity));
        if (copies.Int8)
            Int8 = new Int8Codes(capacity, layout.Dimension);
    }

    public string Path { get; }
    public int Capacity { get; }

    /// <summary>The int8 copy of the vectors, or null when the index is not quantised.</summary>
    public Int8Codes? Int8 { get; }

    /// <summary>Creates the file under a temporary name and renames it, so a crash never leaves a headerless segment.</summary>
    public static Segment Create(string path, RecordLayout layout, int capacity, SegmentCopies copies)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> header = stackalloc byte[RecordLayout.HeaderSize];
            layout.WriteHeader(header, capacity);
            file.Write(header);
            file.SetLength(layout.SegmentFileSize(capacity));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        return Open(path, layout, capacity, copies);
    }

    public static Segment Open(string path, RecordLayout layout, int capacity, SegmentCopies copies)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            Span<byte> header = stackalloc byte[RecordLayout.HeaderSize];
            file.ReadExactly(header);
            layout.ValidateHeader(header, capacity, path);
            if (file.Length < layout.SegmentFileSize(capacity))
                file.SetLength(layout.SegmentFileSize(capacity));
            var segment = new Segment(path, layout, capacity, file, copies);
            if (copies.ResidentVectors)
                segment.LoadResident();
            segment.Map();
            segment.EncodeInt8();
            return segment;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public byte* Record(int slot) => _base + RecordLayout.HeaderSize + (long)slot * _layout.RecordSize;

    public ReadOnlySpan<byte> RecordBytes(int slot) => new(Record(slot), _layout.RecordSize);

    public int CountValidPrefix()
    {
        var slot = 0;
        while (slot < Capacity && _layout.IsValid(RecordBytes(slot)))
            slot++;
        return slot;
    }

    /// <summary>
    /// Zeroes every slot from <paramref name="firstSlot"/> on, durably: a torn write, or anything written after one,
    /// must not become readable when later appends fill the gap before it.
    /// </summary>
    public void DiscardFrom(int firstSlot)
    {
        Unmap(); // shrinking a mapped file would fault readers of the dropped pages
        _file.SetLength(RecordLayout.HeaderSize + (long)firstSlot * _layout.RecordSize);
        _file.SetLength(_layout.SegmentFileSize(Capacity));
        _file.Flush(flushToDisk: true);
        Map();
        if (_resident != null)
            new Span<byte>(Record(firstSlot), (int)(_layout.SegmentFileSize(Capacity) - RecordLayout.HeaderSize - (long)firstSlot * _layout.RecordSize)).Clear();
        Int8?.ClearFrom(firstSlot);
    }

    public void Write(int firstSlot, ReadOnlySpan<byte> records)
    {
        _file.Position = RecordLayout.HeaderSize + (long)firstSlot * _layout.RecordSize;
        _file.Write(records);
        if (_resident != null)
            records.CopyTo(new Span<byte>(Record(firstSlot), records.Length));
        if (Int8 == null)
            return;
        for (var i = 0; i < records.Length / _layout.RecordSize; i++)
            Int8.Encode(firstSlot + i, _layout.Vector(records.Slice(i * _layout.RecordSize, _layout.RecordSize)));
    }

    public void Flush() => _file.Flush(flushToDisk: true);

    public void Dispose()
    {
        Unmap();
        _file.Dispose();
        NativeMemory.Free(_resident);
        _resident = null;
        Int8?.Dispose();
    }

    private void Map()
    {
        _map = MemoryMappedFile.CreateFromFile(_file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _mapped = pointer + _view.PointerOffset;
        _base = _resident != null ? _resident : _mapped;
    }

    /// <summary>
    /// Reads the file into the resident copy with read(2), which is far faster than copying from the map on VMs where
    /// mapped reads are slow. Stops at the first all-zero block: no valid record lies beyond it (records carry a
    /// non-zero marker), and leaving the rest untouched keeps the unused tail from costing memory.
    /// </summary>
    private void LoadResident()
    {
        var length = _layout.SegmentFileSize(Capacity);
        var blockSize = Math.Max(4 << 20, _layout.RecordSize);
        for (long offset = 0; offset < length; offset += blockSize)
        {
            var block = new Span<byte>(_resident + offset, (int)Math.Min(blockSize, length - offset));
            var read = RandomAccess.Read(_file.SafeFileHandle, block, offset);
            if (read < block.Length || !block.ContainsAnyExcept((byte)0))
                return;
        }
    }

    /// <summary>
    /// Builds the int8 codes of the written slots: those carrying a record marker. A torn record's codes are cleared
    /// again by <see cref="DiscardFrom"/>, and no search reads a row that does not validate.
    /// </summary>
    private void EncodeInt8()
    {
        if (Int8 == null)
            return;
        for (var slot = 0; slot < Capacity && _layout.HasMarker(RecordBytes(slot)); slot++)
            Int8.Encode(slot, _layout.Vector(RecordBytes(slot)));
    }

    private void Unmap()
    {
        if (_mapped == null)
            return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _base = null;
        _mapped = null;
    }
}
