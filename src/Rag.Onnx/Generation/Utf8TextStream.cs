using System.Text;

namespace Rag.Onnx.Generation;

/// <summary>Turns token bytes into text as they arrive, holding back the bytes of a character split across tokens
/// (a Chinese character is often two or three byte-level tokens) until it is complete.</summary>
public sealed class Utf8TextStream
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private char[] _chars = new char[64];

    public string Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        var written = _decoder.GetChars(bytes, _chars, flush: false);
        return new string(_chars, 0, written);
    }
}
