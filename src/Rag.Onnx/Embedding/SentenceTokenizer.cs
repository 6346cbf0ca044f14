using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Embedding;

/// <summary>
/// The model's WordPiece tokenizer: special tokens matched in the raw text, BERT normalisation, WordPiece
/// (Microsoft.ML.Tokenizers), then [CLS] text [SEP] truncated to the window with [SEP] kept.
/// </summary>
public sealed class SentenceTokenizer
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly WordPieceTokenizer _wordPiece;
    private readonly BertTextNormalizer _normalizer;
    private readonly Dictionary<string, int> _specialTokenIds;
    private readonly int _clsId;
    private readonly int _sepId;

    public SentenceTokenizer(WordPieceSettings settings, int maxSequenceLength)
    {
        var vocabulary = ReadVocabulary(settings);
        _specialTokenIds = SpecialTokens.Where(vocabulary.ContainsKey).ToDictionary(t => t, t => vocabulary[t]);
        _clsId = _specialTokenIds["[CLS]"];
        _sepId = _specialTokenIds["[SEP]"];
        PaddingTokenId = _specialTokenIds.GetValueOrDefault("[PAD]");
        _normalizer = new BertTextNormalizer(settings.LowerCase, settings.StripAccents, settings.SplitChineseCharacters);
        using var stream = settings.OpenVocabulary();
        _wordPiece = WordPieceTokenizer.Create(stream, new WordPieceOptions
        {
            PreTokenizer = PreTokenizer.CreateWhiteSpace(),
            UnknownToken = settings.UnknownToken,
            ContinuingSubwordPrefix = settings.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = settings.MaxInputCharsPerWord,
        });
        MaxSequenceLength = maxSequenceLength;
    }

    public int MaxSequenceLength { get; }

    public int PaddingTokenId { get; }

    /// <summary>Token ids including [CLS] and [SEP], at most <see cref="MaxSequenceLength"/>.</summary>
    public int[] Encode(string text)
    {
        var content = EncodeContent(text);
        var kept = Math.Min(content.Count, MaxSequenceLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _clsId;
        content.CopyTo(0, ids, 1, kept);
        ids[^1] = _sepId;
        return ids;
    }

    /// <summary>Tokens of the text alone, without [CLS]/[SEP] and without truncation.</summary>
    public int CountContentTokens(string text) => EncodeContent(text).Count;

    private List<int> EncodeContent(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var start = 0;
        while (start < text.Length)
        {
            var (position, special) = NextSpecialToken(text, start);
            var words = _normalizer.NormalizeAndSplit(text[start..position]);
            if (words.Length > 0) ids.AddRange(_wordPiece.EncodeToIds(words, considerPreTokenization: true, considerNormalization: false));
            if (special is null) break;
            ids.Add(_specialTokenIds[special]);
            start = position + special.Length;
        }
        return ids;
    }

    private (int Position, string? Token) NextSpecialToken(string text, int start)
    {
        var best = (Position: text.Length, Token: (string?)null);
        foreach (var token in _specialTokenIds.Keys)
        {
            var at = text.IndexOf(token, start, StringComparison.Ordinal);
            if (at >= 0 && at < best.Position) best = (at, token);
        }
        return best;
    }

    private static Dictionary<string, int> ReadVocabulary(WordPieceSettings settings)
    {
        using var reader = new StreamReader(settings.OpenVocabulary());
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        while (reader.ReadLine() is { } line) vocabulary.TryAdd(line, id++);
        return vocabulary;
    }
}
