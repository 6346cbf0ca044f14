using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Rag.Infrastructure.Keyword;

namespace Rag.Infrastructure.Tests.Keyword;

/// <summary>Each collection's scores come from its own chunks alone, so they say nothing about other collections.</summary>
public class CollectionIsolationTests : KeywordIndexFixture
{
    [Fact]
    public async Task A_score_is_bit_identical_whether_or_not_another_collection_holds_the_term()
    {
        await Index.UpsertAsync([NewChunk("Probe line: zeta is here."), NewChunk("Probe line: qxqv is here."), NewChunk("Unrelated filler about pumps.")]);
        var before = await ScoresAsync("zeta", "qxqv");
        Assert.Equal(before[0], before[1]);

        await Index.UpsertAsync([.. Enumerable.Range(0, 30).Select(i => NewChunk($"zeta zeta report number {i} with many more words than the probe", CollectionB))]);

        Assert.Equal(before, await ScoresAsync("zeta", "qxqv"));
    }

    [Fact]
    public async Task Deleting_a_document_in_another_collection_leaves_scores_unchanged()
    {
        var other = Guid.NewGuid();
        await Index.UpsertAsync([NewChunk("Probe line: zeta is here."), NewChunk("Probe line: qxqv is here.")]);
        await Index.UpsertAsync([NewChunk("zeta appears here too", CollectionB, other)]);
        var before = await ScoresAsync("zeta", "qxqv");

        await Index.DeleteDocumentAsync(CollectionB, other);

        Assert.Equal(before, await ScoresAsync("zeta", "qxqv"));
        Assert.Equal(before[0], before[1]);
    }

    [Fact]
    public async Task Deleting_a_collection_removes_its_index_and_a_late_write_does_not_bring_it_back()
    {
        var document = Guid.NewGuid();
        await Index.UpsertAsync([NewChunk("Quarterly revenue fell.", CollectionA, document), NewChunk("Quarterly revenue grew.", CollectionB)]);

        await Index.DeleteCollectionAsync(CollectionA);
        await Index.ReplaceDocumentAsync(CollectionA, document, [NewChunk("Quarterly revenue fell again.", CollectionA, document)]);

        Assert.Equal([FolderOf(CollectionB)], System.IO.Directory.GetDirectories(Folder));
        Assert.Empty(await SearchIds("revenue", CollectionA));
        Assert.Equal(0, await Index.CountAsync(CollectionA));
        Assert.Single(await SearchIds("revenue", CollectionB));
    }

    [Fact]
    public async Task Searching_a_collection_without_chunks_creates_nothing()
    {
        Assert.Empty(await SearchIds("anything", CollectionB));
        Assert.Equal(0, await Index.CountAsync(CollectionB));
        await Index.DeleteDocumentAsync(CollectionB, Guid.NewGuid());

        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Folder));
    }

    [Fact]
    public async Task The_shared_index_of_earlier_versions_is_split_by_collection_with_the_scores_of_a_fresh_index()
    {
        var (kept, removed) = (NewChunk("Pumps need seals; seals wear out."), NewChunk("Seals of the deleted document."));
        var (a2, b1) = (NewChunk("Valve seals and pump housings."), NewChunk("Seals, seals and more seals.", CollectionB));
        await Index.DisposeAsync();
        WriteSharedIndex(Folder, [kept, removed, a2, b1], deleted: removed);

        Index = new LuceneKeywordIndex(Folder);

        Assert.Equal(new[] { FolderOf(CollectionA), FolderOf(CollectionB) }.Order(), System.IO.Directory.GetDirectories(Folder).Order());
        Assert.Empty(System.IO.Directory.GetFiles(Folder));
        Assert.Equal((2, 1), (await Index.CountAsync(CollectionA), await Index.CountAsync(CollectionB)));
        var migrated = await Index.SearchAsync(CollectionA, "seals pump", 10);
        Assert.Equal(new[] { kept.Id, a2.Id }.Order(), migrated.Select(hit => hit.ChunkId).Order());

        var fresh = Path.Combine(Folder, "fresh");
        await using (var freshIndex = new LuceneKeywordIndex(fresh))
        {
            await freshIndex.UpsertAsync([kept, a2]);
            Assert.Equal(await freshIndex.SearchAsync(CollectionA, "seals pump", 10), migrated);
        }
        await Index.UpsertAsync([NewChunk("New seals after the upgrade.", ordinal: 1)]);
        Assert.Equal(3, await Index.CountAsync(CollectionA));
    }

    private async Task<List<float>> ScoresAsync(params string[] words)
    {
        var scores = new List<float>();
        foreach (var word in words)
            scores.Add(Assert.Single(await Index.SearchAsync(CollectionA, word, 10)).Score);
        return scores;
    }

    private string FolderOf(Guid collection) => Path.Combine(Folder, collection.ToString("N"));

    /// <summary>An index as versions before the split wrote it: every collection in the folder itself.</summary>
    private static void WriteSharedIndex(string folder, IEnumerable<Rag.Core.Domain.Chunk> chunks, Rag.Core.Domain.Chunk deleted)
    {
        using var directory = FSDirectory.Open(folder);
        using var analyzer = new MultilingualAnalyzer();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, analyzer) { Similarity = new BM25Similarity(0.9f, 0.4f) });
        foreach (var chunk in chunks)
        {
            writer.AddDocument(
            [
                new StringField("chunk_id", chunk.Id.ToString("N"), Field.Store.YES),
                new StringField("collection_id", chunk.CollectionId.ToString("N"), Field.Store.NO),
                new StringField("document_id", chunk.DocumentId.ToString("N"), Field.Store.NO),
                new TextField("text", chunk.Text, Field.Store.NO),
            ]);
            writer.Commit();
        }
        writer.DeleteDocuments(new Term("chunk_id", deleted.Id.ToString("N")));
        writer.Commit();
    }
}
