using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// Turns free user text into a disjunction of analysed terms. The text never reaches a query parser, so operators,
/// brackets and quotes in it are just characters.
/// </summary>
internal static class KeywordQueryBuilder
{
    /// <summary>Keeps very long queries below Lucene's clause limit and their cost bounded.</summary>
    public const int MaxTerms = 256;

    /// <summary>Null when the text has no searchable terms (empty, punctuation, stop words only).</summary>
    public static Query? Build(Analyzer analyzer, string field, string text)
    {
        var termCounts = AnalyseTerms(analyzer, field, text);
        if (termCounts.Count == 0)
            return null;

        var query = new BooleanQuery();
        foreach (var (term, count) in termCounts)
        {
            // A term repeated in the question matters more to the asker; one clause boosted by the count scores like repeated clauses.
            query.Add(new TermQuery(new Term(field, term)) { Boost = count }, Occur.SHOULD);
        }
        return query;
    }

    private static Dictionary<string, int> AnalyseTerms(Analyzer analyzer, string field, string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var termAttribute = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var term = termAttribute.ToString();
            if (counts.TryGetValue(term, out var count))
                counts[term] = count + 1;
            else if (counts.Count < MaxTerms)
                counts[term] = 1;
        }
        stream.End();
        return counts;
    }
}
