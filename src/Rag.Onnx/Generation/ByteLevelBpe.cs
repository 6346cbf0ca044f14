using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Generation;

/// <summary>Byte-level BPE (GPT-2 / SmolLM2 / Llama 3 family) from a tokenizer.json: Microsoft.ML.Tokenizers encodes,
/// special tokens such as &lt;|im_start|&gt; are matched as whole tokens, and every id maps back to its raw bytes so
/// streamed text can be decoded across token boundaries.</summary>
public sealed class ByteLevelBpe : IDecoderTokenizer
{
    // GPT-2's split, with digits on their own as SmolLM2's Digits(individual_digits) pre-tokenizer does.
    private const string SplitPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _special;
    private readonly Regex _specialSplit;
    private readonly byte[][] _bytes;

    public IReadOnlyCollection<string> SpecialTokens => _special.Keys;

    private ByteLevelBpe(BpeTokenizer bpe, Dictionary<string, int> special, byte[][] bytes)
    {
        _bpe = bpe;
        _special = special;
        _bytes = bytes;
        _specialSplit = new Regex("(" + string.Join("|", special.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + ")", RegexOptions.Compiled);
    }

    public static ByteLevelBpe FromFile(string tokenizerJsonPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
        var model = json.RootElement.GetProperty("model");
        if (model.GetProperty("type").GetString() != "BPE")
            throw new NotSupportedException($"{tokenizerJsonPath}: only byte-level BPE tokenizers are supported by the decoder.");
        var vocabulary = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToList();
        var special = json.RootElement.GetProperty("added_tokens").EnumerateArray()
            .Where(t => t.GetProperty("special").GetBoolean())
            .ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());

        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(SplitPattern, RegexOptions.Compiled), null),
        });

        var size = Math.Max(vocabulary.Values.Max(), special.Count == 0 ? 0 : special.Values.Max()) + 1;
        var unicodeToByte = ByteToUnicode().ToDictionary(p => p.Value, p => p.Key);
        var bytes = new byte[size][];
        foreach (var (token, id) in vocabulary)
            bytes[id] = special.ContainsKey(token) ? System.Text.Encoding.UTF8.GetBytes(token) : token.Select(c => unicodeToByte[c]).ToArray();
        foreach (var (token, id) in special) bytes[id] = System.Text.Encoding.UTF8.GetBytes(token);
        for (int i = 0; i < size; i++) bytes[i] ??= [];
        return new ByteLevelBpe(bpe, special, bytes);
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (var part in _special.Count == 0 ? [text] : _specialSplit.Split(text))
        {
            if (part.Length == 0) continue;
            if (_special.TryGetValue(part, out var id)) ids.Add(id);
            else ids.AddRange(_bpe.EncodeToIds(part));
        }
        return ids;
    }

    public int? SpecialId(string token) => _special.TryGetValue(token, out var id) ? id : null;

    public ReadOnlySpan<byte> Bytes(int id, int? previous) => _bytes[id];

    public string Decode(IEnumerable<int> ids) => TokenTextStream.Decode(this, ids);

    /// <summary>GPT-2's reversible byte ↔ printable-character table.</summary>
    private static Dictionary<byte, char> ByteToUnicode()
    {
        var map = new Dictionary<byte, char>();
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[(byte)b] = printable ? (char)b : (char)(256 + extra++);
        }
        return map;
    }
}
