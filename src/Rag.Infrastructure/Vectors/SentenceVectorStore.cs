using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Rag.Infrastructure.Vectors;

/// <summary>The encoder's vectors of passage sentences, computed after ingestion so that an ask compares its question
/// with candidate sentences without an encoder pass. Content-addressed (a sentence's SHA-256, first 16 bytes), one
/// append-only file per model: records of key and vector; only the keys and file offsets are held in memory, a
/// vector is read when a question needs it. A torn last record (a crash mid-append) is cut off on opening. Vectors of
/// sentences no document holds any more stay until <see cref="Compact"/> rewrites the file without them.</summary>
public sealed class SentenceVectorStore : IDisposable
{
    private const int KeyBytes = 16;

    private readonly string _path;
    private readonly int _dimensions;
    private readonly int _recordBytes;
    private FileStream _file;
    private readonly Dictionary<UInt128, long> _offsets = [];
    private readonly Lock _appending = new();
    private readonly Lock _compacting = new();
    private long _end;

    public SentenceVectorStore(string path, int dimensions)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _path = path;
        _dimensions = dimensions;
        _recordBytes = KeyBytes + dimensions * sizeof(float);
        _file = Open(path);
        _end = _file.Length / _recordBytes * _recordBytes;
        _file.SetLength(_end);
        // One sequential pass for the keys: a record (1.5 KB at 384 dimensions) is smaller than a disk page, so reading
        // only each key would still read every page, one small read at a time.
        using var records = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan);
        var record = new byte[_recordBytes];
        for (long offset = 0; offset < _end; offset += _recordBytes)
        {
            records.ReadExactly(record);
            _offsets[MemoryMarshal.Read<UInt128>(record)] = offset;
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.RandomAccess);

    public int Count { get { lock (_appending) return _offsets.Count; } }

    /// <summary>Where the next record goes: records before it are those stored so far (see <see cref="Compact"/>).</summary>
    public long End { get { lock (_appending) return _end; } }

    public bool Contains(string sentence)
    {
        var key = Key(sentence);
        lock (_appending) return _offsets.ContainsKey(key);
    }

    public bool TryGet(string sentence, out ReadOnlyMemory<float> vector)
    {
        var key = Key(sentence);
        var values = new float[_dimensions];
        // Under the lock: a compaction may swap the file.
        lock (_appending)
        {
            if (!_offsets.TryGetValue(key, out var offset)) { vector = default; return false; }
            RandomAccess.Read(_file.SafeFileHandle, MemoryMarshal.AsBytes(values.AsSpan()), offset + KeyBytes);
        }
        vector = values;
        return true;
    }

    public void Add(IReadOnlyList<(string Sentence, ReadOnlyMemory<float> Vector)> entries)
    {
        var record = new byte[_recordBytes];
        var keyed = entries.Select(e => (Key: Key(e.Sentence), e.Vector)).ToList();
        lock (_appending)
        {
            foreach (var (key, vector) in keyed)
            {
                if (_offsets.ContainsKey(key) || vector.Length != _dimensions) continue;
                MemoryMarshal.Write(record, in key);
                MemoryMarshal.AsBytes(vector.Span).CopyTo(record.AsSpan(KeyBytes));
                RandomAccess.Write(_file.SafeFileHandle, record, _end);
                _offsets[key] = _end;
                _end += _recordBytes;
            }
        }
    }

    /// <summary>Rewrites the file without the vectors stored before <paramref name="before"/> (an earlier <see
    /// cref="End"/>) whose sentence is not among <paramref name="live"/>; those stored since are kept, since the live
    /// sentences were gathered after that point and may miss them. The kept records are copied while asks and appends
    /// go on; only the records appended meanwhile are copied under the lock, then the new file replaces the old one in
    /// one rename, so a crash leaves one or the other whole. Returns how many vectors were dropped.</summary>
    public int Compact(long before, LiveSentences live)
    {
        var keep = live.Keys;
        lock (_compacting)
        {
            List<KeyValuePair<UInt128, long>> earlier;
            lock (_appending) earlier = [.. _offsets.Where(e => e.Value < before)];
            var dropped = earlier.Count(e => !keep.Contains(e.Key));
            if (dropped == 0)
            {
                RecordCompacted();
                return 0;
            }

            var temporary = _path + ".compacting";
            var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            try
            {
                var offsets = new Dictionary<UInt128, long>();
                var record = new byte[_recordBytes];
                void Copy(KeyValuePair<UInt128, long> entry)
                {
                    RandomAccess.Read(_file.SafeFileHandle, record, entry.Value);
                    offsets[entry.Key] = target.Position;
                    target.Write(record);
                }
                foreach (var entry in earlier.Where(e => keep.Contains(e.Key)).OrderBy(e => e.Value)) Copy(entry);
                lock (_appending)
                {
                    foreach (var entry in _offsets.Where(e => e.Value >= before).OrderBy(e => e.Value)) Copy(entry);
                    target.Flush(flushToDisk: true);
                    target.Dispose();
                    _file.Dispose();
                    try
                    {
                        File.Move(temporary, _path, overwrite: true);
                    }
                    finally
                    {
                        _file = Open(_path); // the old file again when the rename failed, with its offsets
                    }
                    _offsets.Clear();
                    foreach (var (key, offset) in offsets) _offsets[key] = offset;
                    _end = _file.Length;
                }
                RecordCompacted();
                return dropped;
            }
            finally
            {
                target.Dispose();
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The sentences that documents hold, gathered for <see cref="Compact"/> (only their keys are kept).</summary>
    public sealed class LiveSentences
    {
        internal HashSet<UInt128> Keys { get; } = [];

        public void Add(string sentence) => Keys.Add(Key(sentence));
    }

    /// <summary>How much the store may grow after a compaction before the next is due: each compaction reads every
    /// chunk, so spacing them by growth keeps their total work within a few times the store's size.</summary>
    public const double CompactionGrowth = 1.25;

    private string CompactedCountPath => _path + ".compacted";

    /// <summary>Whether the store holds <see cref="CompactionGrowth"/> times the vectors it held after the last
    /// compaction (or was never compacted and holds any).</summary>
    public bool CompactionDue
    {
        get
        {
            var compacted = File.Exists(CompactedCountPath) && long.TryParse(File.ReadAllText(CompactedCountPath), out var n) ? n : 0;
            return Count > 0 && Count >= compacted * CompactionGrowth;
        }
    }

    private void RecordCompacted() => File.WriteAllText(CompactedCountPath, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static UInt128 Key(string sentence)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sentence), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    public void Dispose() => _file.Dispose();
}
