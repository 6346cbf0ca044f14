using Lucene.Net.Index;
using Lucene.Net.Store;
using Rag.Infrastructure.Keyword;

namespace Rag.Infrastructure.Tests.Keyword;

public class LuceneKeywordIndexTests : KeywordIndexFixture
{
    [Fact]
    public async Task Upserting_the_same_chunk_twice_leaves_one_hit_with_the_latest_text()
    {
        var chunk = NewChunk("The warranty covers batteries for two years.");
        await Index.UpsertAsync([chunk]);
        chunk.Text = "The warranty covers screens for two years.";
        await Index.UpsertAsync([chunk]);

        Assert.Equal([chunk.Id], await SearchIds("warranty"));
        Assert.Empty(await SearchIds("batteries"));
    }

    [Fact]
    public async Task Deleting_a_document_removes_its_chunks_from_search_at_once()
    {
        var document = Guid.NewGuid();
        var kept = NewChunk("Invoices are due within thirty days.");
        await Index.UpsertAsync([NewChunk("Invoices list VAT.", documentId: document), NewChunk("Late invoices cost a fee.", documentId: document, ordinal: 1), kept]);

        await Index.DeleteDocumentAsync(CollectionA, document);

        Assert.Equal([kept.Id], await SearchIds("invoices"));
    }

    [Fact]
    public async Task Replacing_a_document_drops_chunks_the_new_version_no_longer_has()
    {
        var document = Guid.NewGuid();
        await Index.UpsertAsync([NewChunk("Old pricing table.", documentId: document), NewChunk("Old shipping rules.", documentId: document, ordinal: 1)]);
        var replacement = NewChunk("New pricing table.", documentId: document);

        await Index.ReplaceDocumentAsync(CollectionA, document, [replacement]);

        Assert.Equal([replacement.Id], await SearchIds("pricing"));
        Assert.Empty(await SearchIds("shipping"));
    }

    [Fact]
    public async Task Counts_follow_upserts_replacements_and_deletions_per_collection_and_document()
    {
        var (document, other) = (Guid.NewGuid(), Guid.NewGuid());
        var first = NewChunk("Pumps need seals.", documentId: document);
        await Index.UpsertAsync([first, NewChunk("Seals wear out.", documentId: document, ordinal: 1), NewChunk("Valves open.", documentId: other)]);
        await Index.UpsertAsync([first]);
        Assert.Equal(3, await Index.CountAsync(CollectionA));
        Assert.Equal(2, await Index.CountAsync(CollectionA, document));

        await Index.ReplaceDocumentAsync(CollectionA, document, [first]);
        Assert.Equal(1, await Index.CountAsync(CollectionA, document));
        await Index.DeleteDocumentAsync(CollectionA, other);
        Assert.Equal(1, await Index.CountAsync(CollectionA));
        Assert.Equal(0, await Index.CountAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Deleting_a_collection_leaves_other_collections_alone()
    {
        var other = NewChunk("Quarterly revenue grew.", CollectionB);
        await Index.UpsertAsync([NewChunk("Quarterly revenue fell.", CollectionA), other]);

        await Index.DeleteCollectionAsync(CollectionA);

        Assert.Empty(await SearchIds("revenue", CollectionA));
        Assert.Equal([other.Id], await SearchIds("revenue", CollectionB));
    }

    [Fact]
    public async Task A_collection_never_sees_another_collections_chunks_even_with_identical_text()
    {
        var inA = NewChunk("Confidential merger plan for Project Falcon.", CollectionA);
        var inB = NewChunk("Confidential merger plan for Project Falcon.", CollectionB);
        await Index.UpsertAsync([inA, inB]);

        Assert.Equal([inA.Id], await SearchIds("falcon merger", CollectionA));
        Assert.Equal([inB.Id], await SearchIds("falcon merger", CollectionB));
        Assert.Empty(await SearchIds("falcon merger", Guid.NewGuid()));
    }

    [Fact]
    public async Task Document_filter_restricts_hits_to_that_document()
    {
        var wanted = NewChunk("Refund policy: thirty days.");
        await Index.UpsertAsync([wanted, NewChunk("Refund policy: fourteen days.")]);

        Assert.Equal([wanted.Id], await SearchIds("refund", documentId: wanted.DocumentId));
    }

    [Fact]
    public async Task More_relevant_chunks_rank_first_and_top_limits_the_hits()
    {
        var best = NewChunk("Solar panels: how solar panels convert sunlight.");
        await Index.UpsertAsync([NewChunk("Roof tiles and solar water heaters."), best, NewChunk("Panels of experts discussed the roof.")]);

        var hits = await SearchIds("solar panels", top: 2);

        Assert.Equal(2, hits.Count);
        Assert.Equal(best.Id, hits[0]);
    }

    [Fact]
    public async Task Heading_is_searchable_with_the_text()
    {
        var chunk = NewChunk("Press the red button twice.", heading: "Emergency shutdown");
        await Index.UpsertAsync([chunk]);

        Assert.Equal([chunk.Id], await SearchIds("shutdown"));
    }

    [Fact]
    public async Task Known_words_are_those_some_chunk_of_the_collection_holds_as_the_index_analyses_them()
    {
        await Index.UpsertAsync([NewChunk("The pumps were serviced in Australia."), NewChunk("Capital expenditure rose.", collectionId: CollectionB)]);

        var known = await Index.KnownWordsAsync(CollectionA, ["pump", "servicing", "capital", "australia"]);

        Assert.Equal(["australia", "pump", "servicing"], known.Order());
        Assert.Empty(await Index.KnownWordsAsync(Guid.NewGuid(), ["pump"]));
    }

    [Fact]
    public async Task Indexes_unused_for_a_while_are_closed_and_open_again_on_their_next_use()
    {
        var inA = NewChunk("The ferry leaves at noon.");
        await Index.UpsertAsync([inA, NewChunk("The ferry to the islands.", collectionId: CollectionB)]);
        Assert.Equal(2, Index.OpenCount);

        Assert.Equal(0, Index.CloseIdle(TimeSpan.FromHours(1)));
        Assert.Equal(2, Index.CloseIdle(TimeSpan.Zero));

        Assert.Equal(0, Index.OpenCount);
        Assert.Equal([inA.Id], await SearchIds("ferry"));
        Assert.Equal(1, Index.OpenCount);
        var later = NewChunk("A later ferry leaves at six.");
        await Index.UpsertAsync([later]);
        Assert.Equal(2, await Index.CountAsync(CollectionA));
    }

    [Fact]
    public async Task An_index_in_use_is_not_closed_under_a_running_search()
    {
        await Index.UpsertAsync(Enumerable.Range(0, 200).Select(i => NewChunk($"harbour note {i}", ordinal: i)).ToList());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var closing = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) Index.CloseIdle(TimeSpan.Zero);
        });

        while (!stop.IsCancellationRequested)
            Assert.Equal(10, (await Index.SearchAsync(CollectionA, "harbour", 10)).Count);
        await closing;
    }

    [Fact]
    public async Task Data_survives_dispose_and_reopen()
    {
        var chunk = NewChunk("Persistent knowledge about glaciers.");
        await Index.UpsertAsync([chunk]);
        await Index.DisposeAsync();

        Index = new LuceneKeywordIndex(Folder);

        Assert.Equal([chunk.Id], await SearchIds("glaciers"));
    }

    [Fact]
    public async Task Searches_running_during_ingestion_see_consistent_results()
    {
        var batches = Enumerable.Range(0, 20)
            .Select(batch => Enumerable.Range(0, 25).Select(i => NewChunk($"ocean report {batch} item {i}")).ToList())
            .ToList();
        using var ingestionDone = new CancellationTokenSource();

        var searching = Task.Run(async () =>
        {
            var previous = 0;
            while (!ingestionDone.IsCancellationRequested)
            {
                var count = (await SearchIds("ocean", top: 1000)).Count;
                Assert.True(count >= previous, "a search must never lose chunks that an earlier search saw");
                previous = count;
            }
        });
        foreach (var batch in batches)
            await Index.UpsertAsync(batch);
        ingestionDone.Cancel();
        await searching;

        Assert.Equal(500, (await SearchIds("ocean", top: 1000)).Count);
    }

    [Fact]
    public async Task Using_a_disposed_index_fails_clearly()
    {
        await Index.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Index.SearchAsync(CollectionA, "anything", 10));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Index.UpsertAsync([NewChunk("late")]));
    }

    [Fact]
    public async Task Concurrent_writes_are_each_committed_when_they_return()
    {
        var documents = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();

        await Task.WhenAll(documents.Select(d => Task.Run(() => Index.ReplaceDocumentAsync(CollectionA, d, [NewChunk("Seals wear out.", documentId: d)]))));

        using var directory = FSDirectory.Open(Path.Combine(Folder, CollectionA.ToString("N")));
        using var committed = DirectoryReader.Open(directory);
        Assert.Equal(documents.Length, committed.NumDocs);
    }
}
