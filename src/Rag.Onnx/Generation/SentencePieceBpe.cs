using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Generation;

/// <summary>SentencePiece-style BPE as Llama 2 / Mistral / TinyLlama tokenizer.json ship it: each piece of text between
/// special tokens gets "▁" prepended and its spaces replaced by "▁" (the Prepend + Replace normalizer), runs of
/// characters the vocabulary knows are merged by Microsoft.ML.Tokenizers' BPE, and any other character becomes its UTF-8
/// byte tokens &lt;0xNN&gt; (byte_fallback). Decoding reverses it: "▁" → " ", byte tokens → bytes, one leading space stripped.</summary>
public sealed class SentencePieceBpe : IDecoderTokenizer
{
    private const char Space = '\u2581';

    private readonly BpeTokenizer _bpe;
    private readonly HashSet<string> _characters;
    private readonly int[] _byteIds;
    private readonly Dictionary<string, int> _special;
    private readonly Regex? _specialSplit;
    private readonly byte[][] _bytes;

    public IReadOnlyCollection<string> SpecialTokens => _special.Keys;

    private SentencePieceBpe(BpeTokenizer bpe, HashSet<string> characters, int[] byteIds, Dictionary<string, int> special, byte[][] bytes)
    {
        _bpe = bpe;
        _characters = characters;
        _byteIds = byteIds;
        _special = special;
        _bytes = bytes;
        if (special.Count > 0)
            _specialSplit = new Regex("(" + string.Join("|", special.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + ")", RegexOptions.Compiled);
    }

    public static SentencePieceBpe FromJson(JsonElement root)
    {
        var model = root.GetProperty("model");
        var vocabulary = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToList();
        var special = root.GetProperty("added_tokens").EnumerateArray()
            .Where(t => t.GetProperty("special").GetBoolean())
            .ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        var byteIds = Enumerable.Range(0, 256).Select(b => vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id
            : throw new NotSupportedException($"byte_fallback vocabulary lacks <0x{b:X2}>.")).ToArray();

        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary) { Merges = merges });

        var size = Math.Max(vocabulary.Values.Max(), special.Count == 0 ? 0 : special.Values.Max()) + 1;
        var bytes = new byte[size][];
        foreach (var (token, id) in vocabulary) bytes[id] = Encoding.UTF8.GetBytes(token.Replace(Space, ' '));
        for (int b = 0; b < 256; b++) bytes[byteIds[b]] = [(byte)b];
        foreach (var (token, id) in special) bytes[id] = Encoding.UTF8.GetBytes(token);
        for (int i = 0; i < size; i++) bytes[i] ??= [];
        var characters = vocabulary.Keys.Where(k => k.EnumerateRunes().Count() == 1).ToHashSet();
        return new SentencePieceBpe(bpe, characters, byteIds, special, bytes);
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (var part in _specialSplit is null ? [text] : _specialSplit.Split(text))
        {
            if (part.Length == 0) continue;
            if (_special.TryGetValue(part, out var id)) ids.Add(id);
            else EncodeNormalized(Space + part.Replace(' ', Space), ids);
        }
        return ids;
    }

    /// <summary>BPE over each run of known characters; merges never reach across an unknown one, which becomes byte tokens.</summary>
    private void EncodeNormalized(string text, List<int> ids)
    {
        int runStart = 0, position = 0;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (!_characters.Contains(rune.ToString()))
            {
                if (position > runStart) ids.AddRange(_bpe.EncodeToIds(text[runStart..position], considerPreTokenization: false, considerNormalization: false));
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length]) ids.Add(_byteIds[b]);
                runStart = position + rune.Utf16SequenceLength;
            }
            position += rune.Utf16SequenceLength;
        }
        if (position > runStart) ids.AddRange(_bpe.EncodeToIds(text[runStart..position], considerPreTokenization: false, considerNormalization: false));
    }

    public int? SpecialId(string token) => _special.TryGetValue(token, out var id) ? id : null;

    public ReadOnlySpan<byte> Bytes(int id, int? previous)
    {
        var bytes = _bytes[id];
        return previous is null && bytes.Length > 0 && bytes[0] == (byte)' ' ? bytes.AsSpan(1) : bytes;
    }

    public string Decode(IEnumerable<int> ids) => TokenTextStream.Decode(this, ids);
}
