using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Rag.Infrastructure.Keyword;

/// <summary>
/// Earlier versions kept every collection in one Lucene index directly in the keyword folder, told apart by the
/// <see cref="ChunkFields.CollectionId"/> field. This splits such an index into one index per collection by merging
/// the shared segments with every other collection's chunks hidden: the text is not stored, so it cannot be indexed
/// again, but merging copies the analysed terms exactly and leaves each index with statistics of its own chunks only.
/// The shared index is removed only after every collection's index is committed, so an interrupted split is redone
/// from the start on the next open.
/// </summary>
internal static class SharedIndexSplit
{
    public static void Run(string folder, Func<IndexWriterConfig> config)
    {
        using (var shared = FSDirectory.Open(folder))
        {
            if (DirectoryReader.IndexExists(shared))
            {
                using var reader = DirectoryReader.Open(shared);
                foreach (var collection in CollectionKeys(reader))
                    Write(reader, collection, Path.Combine(folder, collection.Utf8ToString()), config());
            }
        }
        // The shared layout's files (the commit points first: without them the rest is no index); the new layout
        // keeps nothing but folders here.
        foreach (var file in System.IO.Directory.GetFiles(folder).OrderBy(f => Path.GetFileName(f).StartsWith(IndexFileNames.SEGMENTS, StringComparison.Ordinal) ? 0 : 1))
            File.Delete(file);
    }

    private static List<BytesRef> CollectionKeys(IndexReader reader)
    {
        var keys = new List<BytesRef>();
        var terms = MultiFields.GetTerms(reader, ChunkFields.CollectionId);
        if (terms is null) return keys;
        var termsEnum = terms.GetEnumerator();
        while (termsEnum.MoveNext())
            keys.Add(BytesRef.DeepCopyOf(termsEnum.Term));
        return keys;
    }

    private static void Write(DirectoryReader shared, BytesRef collection, string target, IndexWriterConfig config)
    {
        if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true); // left by an interrupted split
        using var directory = FSDirectory.Open(target);
        config.OpenMode = OpenMode.CREATE;
        using var writer = new IndexWriter(directory, config);
        writer.AddIndexes([.. shared.Leaves.Select(leaf => new OneCollectionReader(leaf.AtomicReader, collection))]);
        writer.Commit();
    }

    /// <summary>A segment in which only one collection's live chunks are live.</summary>
    private sealed class OneCollectionReader : FilterAtomicReader
    {
        private readonly FixedBitSet live;

        public OneCollectionReader(AtomicReader segment, BytesRef collection) : base(segment)
        {
            live = new FixedBitSet(segment.MaxDoc);
            var docs = segment.GetTermDocsEnum(new Term(ChunkFields.CollectionId, collection)); // honours the segment's deletions
            if (docs is null) return;
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                live.Set(doc);
        }

        public override IBits LiveDocs => live;
        public override int NumDocs => live.Cardinality;
    }
}
