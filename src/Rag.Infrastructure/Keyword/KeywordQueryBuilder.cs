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
        var terms = DistinctTerms(analyzer, field, text);
        if (terms.Count == 0)
            return null;

        var query = new BooleanQuery();
        foreach (var term in terms)
            query.Add(new TermQuery(new Term(field, term)), Occur.SHOULD);
        return query;
    }

    public static HashSet<string> DistinctTerms(Analyzer analyzer, string field, string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var termAttribute = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (terms.Count < MaxTerms && stream.IncrementToken())
            terms.Add(termAttribute.ToString());
        stream.End();
        return terms;
    }
}
