namespace Rag.Onnx.Generation;

/// <summary>A decoder model's tokenizer, whichever family its tokenizer.json is: encodes prompts (special tokens such as
/// &lt;|im_start|&gt; or &lt;s&gt; matched whole, nothing added around the text; chat templates write BOS themselves) and
/// gives each token's bytes so text can be streamed token by token (see <see cref="TokenTextStream"/>).</summary>
public interface IDecoderTokenizer
{
    IReadOnlyCollection<string> SpecialTokens { get; }
    List<int> Encode(string text);
    int? SpecialId(string token);
    /// <summary>The token's UTF-8 bytes as it reads after <paramref name="previous"/> (null: first token of the text).
    /// A byte-fallback token is a single byte, possibly part of a character.</summary>
    ReadOnlySpan<byte> Bytes(int id, int? previous);
    string Decode(IEnumerable<int> ids);
}
