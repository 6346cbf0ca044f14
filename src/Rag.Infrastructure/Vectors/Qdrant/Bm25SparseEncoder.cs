using System.Text;
using Lucene.Net.Analysis.TokenAttributes;
using Rag.Infrastructure.Keyword;

namespace Rag.Infrastructure.Vectors.Qdrant;

/// <summary>
/// Turns text into BM25-style sparse vectors for Qdrant: each term (analysed exactly as the Lucene keyword index does)
/// becomes a dimension named by a hash of the term. Documents carry BM25's saturated, length-normalised term
/// frequency; queries carry 1 per term. Qdrant multiplies in the inverse document frequency itself (the collection's
/// sparse vector is configured with the <c>idf</c> modifier), so the dot product is the BM25 score.
/// </summary>
public sealed class Bm25SparseEncoder(double averageTerms)
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int MaxQueryTerms = 256;
    private readonly MultilingualAnalyzer _analyzer = new();

    public SparseVector EncodeDocument(string text)
    {
        var counts = TermCounts(text, int.MaxValue, out var length);
        var norm = K1 * (1 - B + B * length / averageTerms);
        return Build(counts, tf => (float)(tf * (K1 + 1) / (tf + norm)));
    }

    public SparseVector EncodeQuery(string text) => Build(TermCounts(text, MaxQueryTerms, out _), _ => 1f);

    /// <summary>A stable 32-bit id for a term (the same in every process and version, unlike string.GetHashCode).
    /// Two terms sharing an id only blur each other's statistics slightly.</summary>
    public static uint TermIndex(string term)
    {
        var hash = 2166136261u; // FNV-1a over the UTF-8 bytes
        foreach (var b in Encoding.UTF8.GetBytes(term))
            hash = (hash ^ b) * 16777619u;
        return hash;
    }

    private Dictionary<uint, int> TermCounts(string text, int maxTerms, out int length)
    {
        var counts = new Dictionary<uint, int>();
        length = 0;
        using var stream = _analyzer.GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (counts.Count < maxTerms && stream.IncrementToken())
        {
            var index = TermIndex(term.ToString());
            counts[index] = counts.GetValueOrDefault(index) + 1;
            length++;
        }
        stream.End();
        return counts;
    }

    private static SparseVector Build(Dictionary<uint, int> counts, Func<int, float> weight)
    {
        var indices = counts.Keys.Order().ToArray();
        return new SparseVector(indices, indices.Select(index => weight(counts[index])).ToArray());
    }
}
