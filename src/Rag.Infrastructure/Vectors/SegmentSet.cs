using System.Numerics;

namespace Rag.Infrastructure.Vectors;

/// <summary>The segments of one generation addressed by global row number (segment = row / rowsPerSegment).</summary>
internal sealed unsafe class SegmentSet
{
    private readonly Segment[] _segments;
    private readonly int _shift;
    private readonly int _mask;

    public SegmentSet(Segment[] segments, RecordLayout layout, int rowsPerSegment)
    {
        _segments = segments;
        Layout = layout;
        _shift = BitOperations.Log2((uint)rowsPerSegment);
        _mask = rowsPerSegment - 1;
    }

    public RecordLayout Layout { get; }
    public IReadOnlyList<Segment> Segments => _segments;
    public int Capacity => _segments.Length << _shift;

    public SegmentSet With(Segment added) => new([.. _segments, added], Layout, _mask + 1);

    public Segment SegmentOf(int row) => _segments[row >> _shift];
    public int SlotOf(int row) => row & _mask;

    public byte* Record(int row) => _segments[row >> _shift].Record(row & _mask);

    public ReadOnlySpan<float> Vector(int row) => new(Record(row), Layout.Dimension);

    public Guid ChunkId(int row) => new(new ReadOnlySpan<byte>(Record(row) + Layout.ChunkOffset, 16));
    public Guid CollectionId(int row) => new(new ReadOnlySpan<byte>(Record(row) + Layout.CollectionOffset, 16));
    public Guid DocumentId(int row) => new(new ReadOnlySpan<byte>(Record(row) + Layout.DocumentOffset, 16));
}
