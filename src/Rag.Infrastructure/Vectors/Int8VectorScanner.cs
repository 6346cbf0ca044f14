using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// Approximate scan over the int8 copy: a quarter of the bytes of the float scan. Scores are code dot products
/// (accumulated exactly in int32) times both scales, so close to the exact ones but only good for a shortlist that
/// <see cref="VectorSearch.TopRescored"/> rescores exactly.
/// </summary>
internal sealed unsafe class Int8VectorScanner : IVectorScanner
{
    public static readonly Int8VectorScanner Instance = new();

    public void Scan(SegmentSet rows, ReadOnlySpan<int> candidates, ReadOnlySpan<float> query, DeadRows dead, TopK best)
    {
        var stride = Int8Codes.StrideFor(query.Length);
        Span<sbyte> queryCodes = stackalloc sbyte[stride];
        queryCodes.Clear();
        var queryScale = Int8Codes.Quantize(query, queryCodes);
        // Widened once here so the per-row loop multiplies 16-bit lanes without converting the query each time.
        Span<short> widenedQuery = stackalloc short[stride];
        for (var i = 0; i < stride; i++)
            widenedQuery[i] = queryCodes[i];

        fixed (short* queryPointer = widenedQuery)
        {
            foreach (var row in candidates)
            {
                if (dead.IsDead(row))
                    continue;
                var codes = rows.SegmentOf(row).Int8!;
                var slot = rows.SlotOf(row);
                best.Offer(Dot(codes.Codes(slot), queryPointer, stride) * codes.Scale(slot) * queryScale, row);
            }
        }
    }

    /// <summary>Dot product of int8 codes with widened query codes; <paramref name="length"/> is a multiple of 32.</summary>
    private static int Dot(sbyte* codes, short* query, int length)
    {
        if (!Avx2.IsSupported)
            return ScalarDot(codes, query, length);
        var sum0 = Vector256<int>.Zero;
        var sum1 = Vector256<int>.Zero;
        for (var i = 0; i < length; i += 32)
        {
            // Sign-extend 16 codes to 16-bit lanes, multiply by the query and add adjacent pairs into 32-bit lanes:
            // |code × code| ≤ 127², so pair sums fit easily and nothing saturates.
            sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(codes + i), Avx.LoadVector256(query + i)));
            sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(codes + i + 16), Avx.LoadVector256(query + i + 16)));
        }
        return Vector256.Sum(Avx2.Add(sum0, sum1));
    }

    private static int ScalarDot(sbyte* codes, short* query, int length)
    {
        var sum = 0;
        for (var i = 0; i < length; i++)
            sum += codes[i] * query[i];
        return sum;
    }
}
