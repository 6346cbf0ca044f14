using System.Text;
using System.Text.Json.Nodes;
using Rag.Onnx.Embedding;

namespace Rag.Onnx.Generation;

/// <summary>WordPiece (BERT vocabularies) for a decoder: encodes with the encoder's <see cref="SentenceTokenizer"/>
/// (BERT normalisation, special tokens matched whole) without [CLS]/[SEP]; decodes as the WordPiece decoder does with
/// cleanup: words joined by spaces, "##" pieces glued to the previous one, no space before . , ? ! or around '.
/// One difference from its plain text replacement: a trailing or doubled ' also loses its space.</summary>
public sealed class WordPieceDecoderTokenizer : IDecoderTokenizer
{
    private static readonly HashSet<string> NoSpaceBefore = [".", ",", "?", "!", "'"];

    private readonly SentenceTokenizer _tokenizer;
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _special;
    private readonly string _prefix;

    public IReadOnlyCollection<string> SpecialTokens => _special.Keys;

    private WordPieceDecoderTokenizer(SentenceTokenizer tokenizer, string[] tokens, Dictionary<string, int> special, string prefix)
    {
        _tokenizer = tokenizer;
        _tokens = tokens;
        _special = special;
        _prefix = prefix;
    }

    public static WordPieceDecoderTokenizer FromFile(string tokenizerJsonPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(tokenizerJsonPath))!;
        var settings = WordPieceSettings.Detect(folder, JsonFile.TryRead(Path.Combine(folder, "tokenizer_config.json")));
        var root = JsonNode.Parse(File.ReadAllText(tokenizerJsonPath))!;
        var vocabulary = root["model"]!["vocab"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());
        var tokens = new string[vocabulary.Values.Max() + 1];
        foreach (var (token, id) in vocabulary) tokens[id] = token;
        var special = root["added_tokens"]!.AsArray().Where(t => t!["special"]!.GetValue<bool>())
            .ToDictionary(t => t!["content"]!.GetValue<string>(), t => t!["id"]!.GetValue<int>());
        return new WordPieceDecoderTokenizer(new SentenceTokenizer(settings, int.MaxValue), tokens, special, settings.ContinuingSubwordPrefix);
    }

    public List<int> Encode(string text) => [.. _tokenizer.Encode(text)[1..^1]];

    public int? SpecialId(string token) => _special.TryGetValue(token, out var id) ? id : null;

    public ReadOnlySpan<byte> Bytes(int id, int? previous)
    {
        var token = _tokens[id];
        if (token.StartsWith(_prefix, StringComparison.Ordinal)) return Encoding.UTF8.GetBytes(token[_prefix.Length..]);
        var joined = previous is null || NoSpaceBefore.Contains(token) || _tokens[previous.Value] == "'";
        return Encoding.UTF8.GetBytes(joined ? token : " " + token);
    }

    public string Decode(IEnumerable<int> ids) => TokenTextStream.Decode(this, ids);
}
