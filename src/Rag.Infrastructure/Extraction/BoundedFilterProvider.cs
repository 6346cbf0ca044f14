using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Rag.Infrastructure.Extraction;

/// <summary>PdfPig's stream filters with a cap on what one stream may decode to. PdfPig inflates a whole stream into
/// memory, so a few megabytes of deflated spaces would otherwise become gigabytes (a decompression bomb).</summary>
internal sealed class BoundedFilterProvider(long maxDecodedBytes) : IFilterProvider
{
    private readonly IFilterProvider _inner = DefaultFilterProvider.Instance;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Bound(_inner.GetFilters(dictionary));
    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Bound(_inner.GetNamedFilters(names));
    public IReadOnlyList<IFilter> GetAllFilters() => Bound(_inner.GetAllFilters());

    private IReadOnlyList<IFilter> Bound(IReadOnlyList<IFilter> filters) => [.. filters.Select(f => (IFilter)new BoundedFilter(f, maxDecodedBytes))];

    private sealed class BoundedFilter(IFilter inner, long maxDecodedBytes) : IFilter
    {
        /// <summary>Deflate's largest expansion: a stream smaller than the cap divided by this cannot exceed the cap,
        /// so it is not inflated an extra time just to be measured.</summary>
        private const long MaxDeflateRatio = 1032;

        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            // Flate is by far the most common filter and the one with the most leverage (up to 1032:1), so its size is
            // measured before anything is held; the others are checked once decoded.
            if (inner is FlateFilter && input.Length * MaxDeflateRatio > maxDecodedBytes && InflatedLengthExceedsLimit(input))
                throw TooLarge();
            var decoded = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            return decoded.Length > maxDecodedBytes ? throw TooLarge() : decoded;
        }

        /// <summary>Inflates into a small scratch buffer only counting, the way PdfPig reads it (zlib header skipped).</summary>
        private bool InflatedLengthExceedsLimit(Memory<byte> input)
        {
            if (input.Length <= 2) return false;
            var compressed = MemoryMarshal.TryGetArray<byte>(input[2..], out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(input[2..].ToArray(), writable: false);
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
            var scratch = new byte[64 * 1024];
            long total = 0;
            try
            {
                int read;
                while ((read = deflate.Read(scratch)) > 0)
                {
                    total += read;
                    if (total > maxDecodedBytes) return true;
                }
            }
            catch (InvalidDataException)
            {
                // Damaged: PdfPig keeps what inflated before the damage, which was all counted.
            }
            return false;
        }

        private PdfStreamTooLargeException TooLarge() => new(maxDecodedBytes);
    }
}

/// <summary>A stream of the PDF decodes to more than the configured limit.</summary>
internal sealed class PdfStreamTooLargeException(long limit)
    : Exception($"it contains a compressed stream that expands to more than {limit / (1024 * 1024)} MB (the limit)");
