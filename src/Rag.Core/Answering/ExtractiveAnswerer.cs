using Rag.Core.Retrieval;
using Rag.Core.Text;

namespace Rag.Core.Answering;

/// <summary>Answers without an LLM: picks the retrieved sentences that cover the most of the question's terms
/// and cites each with its source number. Says "not found" when no sentence covers enough of the question.</summary>
public sealed class ExtractiveAnswerer
{
    /// <summary>Fraction of the question's content terms a sentence must contain to count as an answer.</summary>
    public double MinimumCoverage { get; init; } = 0.5;
    public int MaxSentences { get; init; } = 3;

    public GroundedAnswer Answer(string question, IReadOnlyList<RetrievedChunk> sources)
    {
        var questionTerms = TermNormalizer.Terms(question);
        if (questionTerms.Count == 0 || sources.Count == 0) return GroundedAnswer.NotFoundInDocuments();

        var picked = Candidates(questionTerms, sources)
            .Where(c => c.Coverage >= MinimumCoverage)
            .OrderByDescending(c => c.Coverage).ThenBy(c => c.SourceIndex).ThenBy(c => c.Order)
            .DistinctBy(c => c.Sentence)
            .Take(MaxSentences)
            .OrderBy(c => c.SourceIndex).ThenBy(c => c.Order)
            .ToList();
        if (picked.Count == 0) return GroundedAnswer.NotFoundInDocuments();

        var text = string.Join(" ", picked.Select(c => $"{c.Sentence} [{c.SourceIndex + 1}]"));
        var citations = picked
            .GroupBy(c => c.SourceIndex)
            .Select(g =>
            {
                var source = sources[g.Key];
                return new Citation(g.Key + 1, source.DocumentId, source.FileName, source.Page, string.Join(" ", g.Select(c => c.Sentence)));
            })
            .ToList();
        return new GroundedAnswer(text, true, citations);
    }

    private sealed record Candidate(int SourceIndex, int Order, string Sentence, double Coverage);

    private static IEnumerable<Candidate> Candidates(HashSet<string> questionTerms, IReadOnlyList<RetrievedChunk> sources)
    {
        for (int s = 0; s < sources.Count; s++)
        {
            int order = 0;
            foreach (var sentence in SentenceSplitter.Sentences(sources[s].Text))
                yield return new Candidate(s, order++, sentence, TermNormalizer.Coverage(questionTerms, sentence));
        }
    }
}
