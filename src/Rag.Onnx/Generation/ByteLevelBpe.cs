using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Generation;

/// <summary>Byte-level BPE (GPT-2 / SmolLM2 / Llama 3 / Qwen2 family) from a tokenizer.json: added tokens such as
/// &lt;|im_start|&gt; are matched as whole tokens first, the text between them is normalized (the file's normalizer,
/// e.g. Qwen2's NFC) and split by the file's pre_tokenizer (see <see cref="SplitPreTokenizer"/>), then
/// Microsoft.ML.Tokenizers applies the merges; every id maps back to its raw bytes so streamed text can be decoded
/// across token boundaries.</summary>
public sealed class ByteLevelBpe : IDecoderTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly Func<string, string> _normalize;
    private readonly Dictionary<string, int> _added;
    private readonly Regex _addedSplit;
    private readonly byte[][] _bytes;

    /// <summary>All added tokens (special or not): each is matched whole, as the Hub's tokenizers do.</summary>
    public IReadOnlyCollection<string> SpecialTokens => _added.Keys;

    private ByteLevelBpe(BpeTokenizer bpe, Func<string, string> normalize, Dictionary<string, int> added, byte[][] bytes)
    {
        _bpe = bpe;
        _normalize = normalize;
        _added = added;
        _bytes = bytes;
        _addedSplit = new Regex("(" + string.Join("|", added.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + ")", RegexOptions.Compiled);
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
        var added = json.RootElement.GetProperty("added_tokens").EnumerateArray()
            .ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());

        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = SplitPreTokenizer.FromJson(json.RootElement.GetProperty("pre_tokenizer")),
        });

        var size = Math.Max(vocabulary.Values.Max(), added.Count == 0 ? 0 : added.Values.Max()) + 1;
        var unicodeToByte = ByteToUnicode().ToDictionary(p => p.Value, p => p.Key);
        var bytes = new byte[size][];
        foreach (var (token, id) in vocabulary)
            bytes[id] = added.ContainsKey(token) ? System.Text.Encoding.UTF8.GetBytes(token) : token.Select(c => unicodeToByte[c]).ToArray();
        foreach (var (token, id) in added) bytes[id] = System.Text.Encoding.UTF8.GetBytes(token);
        for (int i = 0; i < size; i++) bytes[i] ??= [];
        return new ByteLevelBpe(bpe, Normalizer(json.RootElement.GetProperty("normalizer")), added, bytes);
    }

    /// <summary>The tokenizer.json normalizers byte-level models use: none, a Unicode normal form, or a Sequence of them.</summary>
    private static Func<string, string> Normalizer(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Null) return text => text;
        var type = node.GetProperty("type").GetString();
        if (type == "Sequence")
        {
            var steps = node.GetProperty("normalizers").EnumerateArray().Select(Normalizer).ToList();
            return text => steps.Aggregate(text, (current, step) => step(current));
        }
        var form = type switch
        {
            "NFC" => NormalizationForm.FormC,
            "NFD" => NormalizationForm.FormD,
            "NFKC" => NormalizationForm.FormKC,
            "NFKD" => NormalizationForm.FormKD,
            _ => throw new NotSupportedException($"Normalizer '{type}' is not supported by the decoder's byte-level BPE."),
        };
        return text => text.Normalize(form);
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (var part in _added.Count == 0 ? [text] : _addedSplit.Split(text))
        {
            if (part.Length == 0) continue;
            if (_added.TryGetValue(part, out var id)) ids.Add(id);
            else ids.AddRange(_bpe.EncodeToIds(_normalize(part)));
        }
        return ids;
    }

    public int? SpecialId(string token) => _added.TryGetValue(token, out var id) ? id : null;

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
