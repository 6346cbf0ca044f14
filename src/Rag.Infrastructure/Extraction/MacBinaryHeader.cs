namespace Rag.Infrastructure.Extraction;

/// <summary>The 128-byte header that classic Mac OS tools put before a file's data fork (MacBinary II and III), which
/// some PDFs still carry. Only a header whose fixed fields and CRC check out counts, so that a file cannot pass for a
/// PDF by putting "%PDF-" at byte 128 behind anything else.</summary>
public static class MacBinaryHeader
{
    public const int Length = 128;

    private const int MaxNameLength = 63;
    private const int CrcOffset = 124;

    public static bool IsValid(ReadOnlySpan<byte> head)
    {
        if (head.Length < Length) return false;
        if (head[0] != 0 || head[74] != 0 || head[82] != 0) return false;
        if (head[1] is 0 or > MaxNameLength) return false;
        var crc = (head[CrcOffset] << 8) | head[CrcOffset + 1];
        return crc == Crc16Xmodem(head[..CrcOffset]);
    }

    /// <summary>CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum MacBinary II defines for its header.</summary>
    private static int Crc16Xmodem(ReadOnlySpan<byte> data)
    {
        var crc = 0;
        foreach (var b in data)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return crc;
    }
}
