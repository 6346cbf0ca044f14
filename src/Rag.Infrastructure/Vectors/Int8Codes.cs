using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Rag.Infrastructure.Vectors;

/// <summary>
/// The int8 copy of one segment's vectors, in unmanaged memory: per row, <see cref="Stride"/> codes (the dimension
/// padded with zeros to a multiple of 32, so the SIMD loop has no tail) and one float scale.
/// Quantisation is symmetric per vector: code = round(x × 127 / max|x|), x ≈ code × scale. A per-vector scale rather
/// than a fixed 127 because a 384-dimensional unit vector's components are mostly below 0.1: a fixed scale would use
/// about a dozen of the 255 levels, a per-vector one uses them all; it also holds for vectors that are not unit length.
/// Derived from the float records (built at open, written with each append), so never persisted.
/// </summary>
internal sealed unsafe class Int8Codes : IDisposable
{
    private const int StrideMultiple = 32;
    private sbyte* _codes;
    private float* _scales;

    public Int8Codes(int capacity, int dimension)
    {
        Capacity = capacity;
        Stride = StrideFor(dimension);
        _codes = (sbyte*)NativeMemory.AllocZeroed((nuint)((long)capacity * Stride));
        _scales = (float*)NativeMemory.AllocZeroed((nuint)capacity, sizeof(float));
    }

    public int Capacity { get; }
    public int Stride { get; }

    public static int StrideFor(int dimension) => (dimension + StrideMultiple - 1) / StrideMultiple * StrideMultiple;

    public sbyte* Codes(int slot) => _codes + (long)slot * Stride;

    public float Scale(int slot) => _scales[slot];

    public void Encode(int slot, ReadOnlySpan<float> vector) =>
        _scales[slot] = Quantize(vector, new Span<sbyte>(Codes(slot), vector.Length));

    public void ClearFrom(int firstSlot)
    {
        new Span<sbyte>(Codes(firstSlot), checked((Capacity - firstSlot) * Stride)).Clear();
        new Span<float>(_scales + firstSlot, Capacity - firstSlot).Clear();
    }

    /// <summary>Writes the codes of <paramref name="vector"/> and returns the scale that maps them back (0 for a zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxMagnitude = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (maxMagnitude == 0f)
        {
            codes[..vector.Length].Clear();
            return 0f;
        }
        Span<float> scaled = stackalloc float[vector.Length];
        TensorPrimitives.Multiply(vector, 127f / maxMagnitude, scaled);
        TensorPrimitives.Round(scaled, scaled);
        TensorPrimitives.ConvertTruncating(scaled, codes[..vector.Length]); // whole numbers in [-127, 127]: exact
        return maxMagnitude / 127f;
    }

    public void Dispose()
    {
        NativeMemory.Free(_codes);
        NativeMemory.Free(_scales);
        _codes = null;
        _scales = null;
    }
}
