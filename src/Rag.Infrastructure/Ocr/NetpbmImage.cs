using System.Text;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>Reads the binary PPM (P6, 8-bit) that pdftoppm writes.</summary>
internal static class NetpbmImage
{
    public static OcrImage Read(byte[] bytes)
    {
        var position = 0;
        string Token()
        {
            while (position < bytes.Length && (char.IsWhiteSpace((char)bytes[position]) || bytes[position] == '#'))
                if (bytes[position] == '#') while (position < bytes.Length && bytes[position] != '\n') position++;
                else position++;
            var start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position])) position++;
            return Encoding.ASCII.GetString(bytes, start, position - start);
        }
        if (Token() != "P6") throw new InvalidDataException("not a binary PPM image");
        var width = int.Parse(Token());
        var height = int.Parse(Token());
        if (Token() != "255") throw new InvalidDataException("not an 8-bit PPM image");
        position++; // the single whitespace after the header
        var length = (long)width * height * 3;
        if (bytes.Length - position < length) throw new InvalidDataException("truncated PPM image");
        return new OcrImage(width, height, bytes.AsSpan(position, (int)length).ToArray());
    }
}
