using Rag.Core.Text;

namespace Rag.Core.Chunking;

/// <summary>Used when no tokenizer is configured: about 1.3 tokens per word and one per CJK character,
/// close to what BERT WordPiece produces on English prose.</summary>
public sealed class ApproximateTokenCounter : ITokenCounter
{
    public int CountTokens(string text)
    {
        int words = 0, cjk = 0, punctuation = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            if (TermNormalizer.IsCjk(c)) { cjk++; inWord = false; }
            else if (char.IsLetterOrDigit(c)) { if (!inWord) words++; inWord = true; }
            else { inWord = false; if (!char.IsWhiteSpace(c)) punctuation++; }
        }
        return cjk + punctuation + (int)Math.Ceiling(words * 1.3);
    }
}
