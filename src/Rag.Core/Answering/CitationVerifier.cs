using System.Text.RegularExpressions;
using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Checks a generated answer's [n] markers against the sources actually given: markers pointing nowhere are
/// removed, the rest become citations with document, page and the source sentence that best supports the citing
/// sentence. An answer left with no valid citation is marked ungrounded and says so.</summary>
public static partial class CitationVerifier
{
    public const string UngroundedNote = "(This answer cites none of the retrieved sources, so it is not grounded in the documents.)";

    [GeneratedRegex(@"\s?\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]")]
    private static partial Regex Marker();

    public static GroundedAnswer Verify(string answer, IReadOnlyList<RetrievedChunk> sources)
    {
        var text = Marker().Replace(answer.Trim(), m =>
        {
            var valid = Numbers(m.Groups[1].Value).Where(n => n >= 1 && n <= sources.Count).Distinct().ToList();
            return valid.Count == 0 ? "" : (m.Value.StartsWith(' ') ? " " : "") + string.Concat(valid.Select(n => $"[{n}]"));
        });

        var citingSentences = CitingSentences(text);
        if (citingSentences.Count == 0)
        {
            var ungrounded = text.Length == 0 || text == GroundedAnswer.NotFound ? GroundedAnswer.NotFound : $"{text}\n\n{UngroundedNote}";
            return new GroundedAnswer(ungrounded, false, []);
        }
        var citations = citingSentences
            .OrderBy(c => c.Key)
            .Select(c =>
            {
                var source = sources[c.Key - 1];
                return new Citation(c.Key, source.DocumentId, source.FileName, source.Page, BestQuote(source.Text, c.Value));
            })
            .ToList();
        return new GroundedAnswer(text, true, citations);
    }

    /// <summary>Source number → the answer sentences citing it (markers removed).</summary>
    private static Dictionary<int, List<string>> CitingSentences(string text)
    {
        var result = new Dictionary<int, List<string>>();
        var previous = "";
        foreach (var range in SentenceSplitter.Split(text))
        {
            var sentence = text[range];
            var claim = Marker().Replace(sentence, "").Trim();
            // "… 12 bar. [1]" puts the marker in a sentence of its own: it cites the sentence before.
            if (claim.Length == 0) claim = previous;
            foreach (Match m in Marker().Matches(sentence))
            foreach (var n in Numbers(m.Groups[1].Value))
            {
                if (!result.TryGetValue(n, out var list)) result[n] = list = [];
                list.Add(claim);
            }
            previous = claim;
        }
        return result;
    }

    private static IEnumerable<int> Numbers(string list) =>
        list.Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture));

    private static string BestQuote(string sourceText, List<string> citingSentences)
    {
        var claimTerms = citingSentences.SelectMany(TermNormalizer.Terms).ToHashSet();
        var best = SentenceSplitter.Sentences(sourceText)
            .Select((s, order) => (Sentence: s, Order: order, Overlap: TermNormalizer.Terms(s).Count(claimTerms.Contains)))
            .OrderByDescending(x => x.Overlap).ThenBy(x => x.Order)
            .FirstOrDefault();
        return best.Sentence ?? Collapse(sourceText);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
