using System.Diagnostics;
using Rag.Core.Domain;
using Rag.Eval.Beir;
using Rag.Eval.Metrics;
using Rag.Infrastructure.Keyword;
using Xunit.Abstractions;

namespace Rag.Bench.Tests.Keyword;

/// <summary>Keyword search alone must reach published BM25 quality on SciFact (nDCG@10 0.665).</summary>
public class SciFactBm25Tests(ITestOutputHelper output)
{
    [Fact]
    public async Task Train_queries_reach_published_bm25_ndcg()
    {
        var folder = SciFactData.Folder;
        var corpus = BeirDataset.LoadCorpus(Path.Combine(folder, "corpus.jsonl"));
        var queries = BeirDataset.LoadQueries(Path.Combine(folder, "queries.train.jsonl"));
        var qrels = BeirDataset.LoadQrels(Path.Combine(folder, "qrels", "train.tsv"));
        var indexFolder = Directory.CreateTempSubdirectory("scifact-").FullName;
        try
        {
            await using var index = new LuceneKeywordIndex(indexFolder);
            var collection = Guid.NewGuid();
            var corpusIdByChunk = new Dictionary<Guid, string>();
            var chunks = corpus.Select(doc =>
            {
                var chunk = new Chunk { Id = Guid.NewGuid(), DocumentId = Guid.NewGuid(), CollectionId = collection, Page = 1, Text = doc.Content };
                corpusIdByChunk[chunk.Id] = doc.Id;
                return chunk;
            }).ToList();

            var clock = Stopwatch.StartNew();
            foreach (var batch in chunks.Chunk(500))
                await index.UpsertAsync(batch);
            var indexSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var rankings = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var query in queries.Where(q => qrels.ContainsKey(q.Id)))
            {
                var hits = await index.SearchAsync(collection, query.Text, 100);
                rankings[query.Id] = hits.Select(hit => corpusIdByChunk[hit.ChunkId]).ToList();
            }
            var searchSeconds = clock.Elapsed.TotalSeconds;

            var scores = RetrievalScores.Compute(qrels, rankings);
            output.WriteLine($"{corpus.Count} docs indexed in {indexSeconds:0.00} s; {rankings.Count} queries in {searchSeconds:0.00} s");
            output.WriteLine(scores.ToString());
            Assert.True(scores.NdcgAt10 >= 0.665, $"SciFact train {scores}");
        }
        finally
        {
            Directory.Delete(indexFolder, recursive: true);
        }
    }
}
