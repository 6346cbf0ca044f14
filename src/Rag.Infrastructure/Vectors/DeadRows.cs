namespace Rag.Infrastructure.Vectors;

/// <summary>Bit set of dead rows. Copy-on-write: a published instance is never modified, so searches see a stable snapshot.</summary>
internal sealed class DeadRows
{
    private readonly ulong[] _bits;

    public DeadRows(int capacity) => _bits = new ulong[(capacity + 63) / 64];

    private DeadRows(ulong[] bits) => _bits = bits;

    public int Capacity => _bits.Length * 64;

    public bool IsDead(int row) => (_bits[row >> 6] & (1UL << row)) != 0;

    /// <summary>Only for an instance not yet published.</summary>
    public void MarkDead(int row) => _bits[row >> 6] |= 1UL << row;

    public DeadRows Copy(int capacity)
    {
        var bits = new ulong[Math.Max(_bits.Length, (capacity + 63) / 64)];
        _bits.CopyTo(bits, 0);
        return new DeadRows(bits);
    }
}
