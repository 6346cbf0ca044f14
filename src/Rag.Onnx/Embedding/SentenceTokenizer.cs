using Microsoft.ML.Tokenizers;

namespace Rag.Onnx.Embedding;

/// <summary>The model's WordPiece tokenizer: [CLS] text [SEP], truncated to the window with [SEP] kept.</summary>
public sealed class SentenceTokenizer
{
    private readonly BertTokenizer _tokenizer;

    public SentenceTokenizer(WordPieceSettings settings, int maxSequenceLength)
    {
        using var vocabulary = settings.OpenVocabulary();
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = settings.LowerCase,
            RemoveNonSpacingMarks = settings.StripAccents,
            IndividuallyTokenizeCjk = settings.SplitChineseCharacters,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
            UnknownToken = settings.UnknownToken,
            ContinuingSubwordPrefix = settings.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = settings.MaxInputCharsPerWord,
        });
        MaxSequenceLength = maxSequenceLength;
    }

    public int MaxSequenceLength { get; }

    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>Token ids including [CLS] and [SEP], at most <see cref="MaxSequenceLength"/>.</summary>
    public int[] Encode(string text)
    {
        var content = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        var kept = Math.Min(content.Count, MaxSequenceLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++) ids[i + 1] = content[i];
        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>Tokens of the text alone, without [CLS]/[SEP] and without truncation.</summary>
    public int CountContentTokens(string text) => _tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: true);
}
