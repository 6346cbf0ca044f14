using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// Unicode-normalised (NFC), English-aware analysis (possessives, stop words, Porter stemming) that also makes Chinese, Japanese and Korean
/// searchable: text in those scripts has no spaces, so it is indexed as overlapping character bigrams.
/// Used for both documents and queries so that both sides produce the same terms.
/// </summary>
public sealed class MultilingualAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new NfcNormalizationFilter(tokenizer);
        stream = new CJKWidthFilter(stream);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream);
        stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
