namespace Rag.Infrastructure.Vectors;

/// <summary>Writes already-encoded records into the segment files of a new generation (compaction).</summary>
internal sealed class GenerationWriter : IDisposable
{
    private const int RowsPerWrite = 1024;
    private readonly string _directory;
    private readonly IndexManifest _manifest;
    private readonly RecordLayout _layout;
    private readonly List<Segment> _segments = [];
    private readonly byte[] _buffer;
    private int _pending;
    private int _written;

    public GenerationWriter(string directory, IndexManifest manifest, RecordLayout layout)
    {
        _directory = directory;
        _manifest = manifest;
        _layout = layout;
        _buffer = new byte[RowsPerWrite * layout.RecordSize];
    }

    public void Append(ReadOnlySpan<byte> record)
    {
        record.CopyTo(_buffer.AsSpan(_pending * _layout.RecordSize));
        _pending++;
        if (_pending == RowsPerWrite || (_written + _pending) % _manifest.RowsPerSegment == 0)
            WritePending();
    }

    /// <summary>Makes everything appended durable.</summary>
    public void Complete()
    {
        WritePending();
        _segments.ForEach(segment => segment.Flush());
    }

    public void Dispose() => _segments.ForEach(segment => segment.Dispose());

    private void WritePending()
    {
        if (_pending == 0)
            return;
        var sequence = _written / _manifest.RowsPerSegment;
        if (sequence == _segments.Count)
            _segments.Add(Segment.Create(_manifest.SegmentPath(_directory, sequence), _layout, _manifest.RowsPerSegment, SegmentCopies.None));
        _segments[sequence].Write(_written % _manifest.RowsPerSegment, _buffer.AsSpan(0, _pending * _layout.RecordSize));
        _written += _pending;
        _pending = 0;
    }
}
