namespace Rag.Onnx.Generation;

/// <summary>Decodes token ids to text one at a time, equal in sum to <see cref="IDecoderTokenizer.Decode"/>:
/// a character split across tokens is held back until complete.</summary>
public sealed class TokenTextStream(IDecoderTokenizer tokenizer)
{
    private readonly Utf8TextStream _utf8 = new();
    private int? _previous;

    public string Append(int id)
    {
        var text = _utf8.Append(tokenizer.Bytes(id, _previous));
        _previous = id;
        return text;
    }

    public static string Decode(IDecoderTokenizer tokenizer, IEnumerable<int> ids)
    {
        var stream = new TokenTextStream(tokenizer);
        return string.Concat(ids.Select(stream.Append));
    }
}
