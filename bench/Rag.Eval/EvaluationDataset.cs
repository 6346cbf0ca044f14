using Rag.Eval.Beir;
using Rag.Eval.Squad;

namespace Rag.Eval;

/// <summary>What an evaluation runs on: documents, judged queries and, per query id, corpus id -> graded relevance.</summary>
public sealed record EvaluationDataset(
    List<CorpusDocument> Corpus,
    List<BeirQuery> Queries,
    Dictionary<string, Dictionary<string, int>> Qrels)
{
    /// <summary>Loads the files the options name, keeping only the queries that have judgements.</summary>
    public static EvaluationDataset Load(RetrievalOptions options)
    {
        if (options.SquadPath is not null)
            return SquadDataset.Load(options.SquadPath);
        var corpus = BeirDataset.LoadCorpus(options.CorpusPath!);
        var allQrels = BeirDataset.LoadQrels(options.QrelsPath!);
        var queries = BeirDataset.LoadQueries(options.QueriesPath!).Where(q => allQrels.ContainsKey(q.Id)).ToList();
        return new EvaluationDataset(corpus, queries, queries.ToDictionary(q => q.Id, q => allQrels[q.Id]));
    }
}
