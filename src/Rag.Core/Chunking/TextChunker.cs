using System.Globalization;
using Rag.Core.Extraction;
using Rag.Core.Text;

namespace Rag.Core.Chunking;

/// <summary>Cuts page texts into chunks of at most <see cref="ChunkingOptions.MaxTokens"/> tokens along sentence
/// boundaries, repeating the last sentences of a chunk (up to the overlap) at the start of the next.
/// Chunks never cross pages, so every chunk cites exactly one page.</summary>
public sealed class TextChunker(ITokenCounter tokens, ChunkingOptions options)
{
    /// <summary>No tokenizer averages more characters per token than this on real text. Text that does (a line
    /// without spaces, a base64 blob: a tokenizer may count a 100,000-character "word" as one unknown token) is cut
    /// by length too, so no chunk grows without bound.</summary>
    private const int MaxCharsPerToken = 16;

    private int MaxChunkChars => Math.Max(options.MaxTokens, 1) * MaxCharsPerToken;

    public IEnumerable<ChunkDraft> Chunk(ExtractedDocument document)
    {
        foreach (var page in document.Pages)
            foreach (var chunk in ChunkPage(page))
                yield return chunk;
    }

    private IEnumerable<ChunkDraft> ChunkPage(ExtractedPage page)
    {
        var pieces = Pieces(page);
        int first = 0;
        while (first < pieces.Count)
        {
            int last = first, total = pieces[first].Tokens;
            while (last + 1 < pieces.Count && total + pieces[last + 1].Tokens <= options.MaxTokens
                   && pieces[last + 1].Span.End.Value - pieces[first].Span.Start.Value <= MaxChunkChars)
                total += pieces[++last].Tokens;

            var chunk = Draft(page, pieces[first].Span.Start.Value, pieces[last].Span.End.Value);
            if (chunk is not null) yield return chunk;
            if (last + 1 >= pieces.Count) yield break;
            first = OverlapStart(pieces, first, last);
        }
    }

    /// <summary>The first piece of the next chunk: step back from the end while the overlap budget allows,
    /// but always move forward.</summary>
    private int OverlapStart(List<Piece> pieces, int first, int last)
    {
        int next = last + 1, overlap = 0;
        while (next - 1 > first && overlap + pieces[next - 1].Tokens <= options.OverlapTokens)
            overlap += pieces[--next].Tokens;
        return next;
    }

    private static ChunkDraft? Draft(ExtractedPage page, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(page.Text[end - 1])) end--;
        while (start < end && char.IsWhiteSpace(page.Text[start])) start++;
        if (start == end) return null;
        return new ChunkDraft(page.Number, start, end, page.Text[start..end], HeadingAt(page, start));
    }

    private static string? HeadingAt(ExtractedPage page, int offset) =>
        page.Sections?.LastOrDefault(s => s.Offset <= offset)?.Heading;

    private readonly record struct Piece(Range Span, int Tokens);

    /// <summary>Sentences and whole rows, with any piece longer than a chunk cut further at word (or CJK character)
    /// boundaries.</summary>
    private List<Piece> Pieces(ExtractedPage page)
    {
        var text = page.Text;
        var pieces = new List<Piece>();
        int at = 0;
        foreach (var row in page.Rows ?? [])
        {
            var (start, length) = row.GetOffsetAndLength(text.Length);
            AddSentences(text, at, start, pieces);
            AddPiece(text, start, start + length, pieces);
            at = start + length;
        }
        AddSentences(text, at, text.Length, pieces);
        return pieces;
    }

    private void AddSentences(string text, int start, int end, List<Piece> pieces)
    {
        if (start >= end) return;
        foreach (var sentence in SentenceSplitter.Split(text[start..end]))
        {
            var (offset, length) = sentence.GetOffsetAndLength(end - start);
            AddPiece(text, start + offset, start + offset + length, pieces);
        }
    }

    private void AddPiece(string text, int start, int end, List<Piece> pieces)
    {
        int count = tokens.CountTokens(text[start..end]);
        if (count <= options.MaxTokens && end - start <= MaxChunkChars) pieces.Add(new Piece(start..end, count));
        else pieces.AddRange(SplitLongSentence(text, start, end));
    }

    private IEnumerable<Piece> SplitLongSentence(string text, int start, int end)
    {
        int pieceStart = start, pieceTokens = 0;
        foreach (var (unitStart, unitEnd) in Units(text, start, end))
        {
            int unitTokens = tokens.CountTokens(text[unitStart..unitEnd]);
            if (pieceTokens > 0 && (pieceTokens + unitTokens > options.MaxTokens || unitEnd - pieceStart > MaxChunkChars))
            {
                yield return new Piece(pieceStart..unitStart, pieceTokens);
                pieceStart = unitStart;
                pieceTokens = 0;
            }
            pieceTokens += unitTokens;
        }
        if (pieceStart < end) yield return new Piece(pieceStart..end, pieceTokens);
    }

    /// <summary>Words with their trailing whitespace, and single CJK characters. A "word" longer than a chunk may be
    /// is cut between graphemes, so no cut separates an accent from its letter, the parts of an emoji sequence or the
    /// two halves of a surrogate pair.</summary>
    private IEnumerable<(int Start, int End)> Units(string text, int start, int end)
    {
        int i = start;
        while (i < end)
        {
            int s = i;
            if (TermNormalizer.IsCjk(text[i])) i++;
            else
            {
                while (i < end && !char.IsWhiteSpace(text[i]) && !TermNormalizer.IsCjk(text[i]))
                {
                    var grapheme = GraphemeLength(text, i, end);
                    if (i > s && i + grapheme - s > MaxChunkChars) break;
                    i += grapheme;
                }
            }
            while (i < end && char.IsWhiteSpace(text[i])) i++;
            if (i == s) i++;
            yield return (s, i);
        }
    }

    /// <summary>The length of the grapheme at <paramref name="i"/>; for an absurdly long one (thousands of stacked
    /// combining marks) just its first code point, which still never splits a surrogate pair.</summary>
    private int GraphemeLength(string text, int i, int end)
    {
        var length = StringInfo.GetNextTextElementLength(text.AsSpan(i, Math.Min(end - i, MaxChunkChars)));
        return length < MaxChunkChars ? Math.Max(length, 1) : char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
    }
}
