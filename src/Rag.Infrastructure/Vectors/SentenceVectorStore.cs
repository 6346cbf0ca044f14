using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Rag.Infrastructure.Vectors;

/// <summary>The encoder's vectors of passage sentences, computed at ingestion so that an ask compares its question
/// with candidate sentences without an encoder pass. Content-addressed (a sentence's SHA-256, first 16 bytes), one
/// append-only file per model: records of key and vector; only the keys and file offsets are held in memory, a
/// vector is read when a question needs it. A torn last record (a crash mid-append) is cut off on opening. Vectors of
/// sentences no document holds any more stay: the file grows with every distinct sentence ever ingested.</summary>
public sealed class SentenceVectorStore : IDisposable
{
    private const int KeyBytes = 16;

    private readonly int _dimensions;
    private readonly int _recordBytes;
    private readonly FileStream _file;
    private readonly Dictionary<UInt128, long> _offsets = [];
    private readonly Lock _appending = new();
    private long _end;

    public SentenceVectorStore(string path, int dimensions)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _dimensions = dimensions;
        _recordBytes = KeyBytes + dimensions * sizeof(float);
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        _end = _file.Length / _recordBytes * _recordBytes;
        _file.SetLength(_end);
        // Only the keys are needed to open: reading whole records would read every vector at start-up.
        var key = new byte[KeyBytes];
        for (long offset = 0; offset < _end; offset += _recordBytes)
        {
            RandomAccess.Read(_file.SafeFileHandle, key, offset);
            _offsets[MemoryMarshal.Read<UInt128>(key)] = offset;
        }
    }

    public int Count { get { lock (_appending) return _offsets.Count; } }

    public bool Contains(string sentence) { lock (_appending) return _offsets.ContainsKey(Key(sentence)); }

    public bool TryGet(string sentence, out ReadOnlyMemory<float> vector)
    {
        long offset;
        lock (_appending)
            if (!_offsets.TryGetValue(Key(sentence), out offset)) { vector = default; return false; }
        var values = new float[_dimensions];
        RandomAccess.Read(_file.SafeFileHandle, MemoryMarshal.AsBytes(values.AsSpan()), offset + KeyBytes);
        vector = values;
        return true;
    }

    public void Add(IReadOnlyList<(string Sentence, ReadOnlyMemory<float> Vector)> entries)
    {
        var record = new byte[_recordBytes];
        lock (_appending)
        {
            foreach (var (sentence, vector) in entries)
            {
                var key = Key(sentence);
                if (_offsets.ContainsKey(key) || vector.Length != _dimensions) continue;
                MemoryMarshal.Write(record, in key);
                MemoryMarshal.AsBytes(vector.Span).CopyTo(record.AsSpan(KeyBytes));
                RandomAccess.Write(_file.SafeFileHandle, record, _end);
                _offsets[key] = _end;
                _end += _recordBytes;
            }
        }
    }

    private static UInt128 Key(string sentence)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sentence), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    public void Dispose() => _file.Dispose();
}
