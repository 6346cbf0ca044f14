using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;

namespace Rag.Bench;

/// <summary>
/// search [--sizes 100000,1000000] [--dim 384] [--queries 200]: builds an embedded vector index of N random unit
/// vectors in one collection (temporary directory, deleted afterwards) and measures top-10 search latency of the
/// default configuration (resident vectors, int8 scan with exact rescoring), of the exact float scan, and of int8
/// over memory maps, plus recall@10 of the default against the exact float results.
/// The last line reports the default configuration at 1M.
/// </summary>
public static class SearchBenchmark
{
    private const int Top = 10;
    private const int WarmupQueries = 20;
    private const int IngestBatch = 2_000;
    private const int OneMillion = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Option(args, "--sizes", "100000,1000000").Split(',').Select(int.Parse).ToArray();
        var dimension = int.Parse(Option(args, "--dim", "384"));
        var queryCount = int.Parse(Option(args, "--queries", "200"));
        Console.WriteLine($"cores={Environment.ProcessorCount} load_average={LoadAverage()} dim={dimension} queries={queryCount} top={Top}");

        (double P50, double P99)? oneMillion = null;
        foreach (var size in sizes)
        {
            var latency = await MeasureAsync(size, dimension, queryCount);
            if (size == OneMillion)
                oneMillion = latency;
        }

        Console.WriteLine($"load_average_after={LoadAverage()}");
        Console.WriteLine(oneMillion is { } m
            ? $"search_1m_p50_ms={Format(m.P50)} search_1m_p99_ms={Format(m.P99)}"
            : "search_1m_p50_ms=NA search_1m_p99_ms=NA");
        return 0;
    }

    /// <summary>Builds once, then measures each configuration on the same files.</summary>
    private static async Task<(double P50, double P99)> MeasureAsync(int size, int dimension, int queryCount)
    {
        var directory = Path.Combine(Path.GetTempPath(), "rag-search-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var collection = Guid.NewGuid();
            var ingest = Stopwatch.StartNew();
            using (var index = new EmbeddedVectorIndex(directory, dimension))
                await IngestAsync(index, collection, size, dimension);
            ingest.Stop();
            var diskBytes = Directory.GetFiles(directory).Sum(path => new FileInfo(path).Length);
            Console.WriteLine($"size={size} ingest_s={Format(ingest.Elapsed.TotalSeconds)} ingest_vectors_per_s={size / ingest.Elapsed.TotalSeconds:F0} disk_mb={Format(diskBytes / 1048576.0)}");

            var queryRandom = new Random(54321);
            var queries = Enumerable.Range(0, WarmupQueries + queryCount).Select(_ => UnitVector(queryRandom, dimension)).ToArray();
            var defaults = await SearchAsync(directory, dimension, collection, queries, size, new EmbeddedVectorIndexOptions());
            var exact = await SearchAsync(directory, dimension, collection, queries, size, new EmbeddedVectorIndexOptions { Quantization = VectorQuantization.None });
            await SearchAsync(directory, dimension, collection, queries, size, new EmbeddedVectorIndexOptions { ResidentVectors = false });
            Console.WriteLine($"size={size} recall_at_{Top}_default_vs_exact={Recall(defaults.Hits, exact.Hits).ToString("F4", CultureInfo.InvariantCulture)}");
            return (defaults.P50, defaults.P99);
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task IngestAsync(EmbeddedVectorIndex index, Guid collection, int size, int dimension)
    {
        var random = new Random(12345);
        for (var start = 0; start < size; start += IngestBatch)
        {
            var document = Guid.NewGuid();
            var batch = new VectorRecord[Math.Min(IngestBatch, size - start)];
            for (var i = 0; i < batch.Length; i++)
                batch[i] = new VectorRecord(Guid.NewGuid(), collection, document, UnitVector(random, dimension));
            await index.UpsertAsync(batch);
        }
    }

    private static async Task<(double P50, double P99, IReadOnlyList<ChunkHit>[] Hits)> SearchAsync(
        string directory, int dimension, Guid collection, float[][] queries, int size, EmbeddedVectorIndexOptions options)
    {
        var open = Stopwatch.StartNew();
        using var index = new EmbeddedVectorIndex(directory, dimension, options);
        open.Stop();
        var queryCount = queries.Length - WarmupQueries;
        var milliseconds = new double[queryCount];
        var measuredHits = new IReadOnlyList<ChunkHit>[queryCount];
        var cpuBefore = TimeSpan.Zero;
        for (var q = 0; q < queries.Length; q++)
        {
            var timer = Stopwatch.StartNew();
            var hits = await index.SearchAsync(collection, queries[q], Top);
            timer.Stop();
            if (hits.Count != Math.Min(Top, size))
                throw new InvalidOperationException($"expected {Top} hits, got {hits.Count}");
            if (q >= WarmupQueries)
                (milliseconds[q - WarmupQueries], measuredHits[q - WarmupQueries]) = (timer.Elapsed.TotalMilliseconds, hits);
            if (q == WarmupQueries - 1)
                cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        }
        // CPU time per query is what the search costs when the machine is shared (wall latency then includes waiting for a core).
        var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / queryCount;
        Array.Sort(milliseconds);
        var (p50, p99) = (Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.99));
        Console.WriteLine(
            $"size={size} read={(options.ResidentVectors ? "resident" : "mapped")} quantization={options.Quantization.ToString().ToLowerInvariant()} open_s={Format(open.Elapsed.TotalSeconds)} p50_ms={Format(p50)} p99_ms={Format(p99)} " +
            $"max_ms={Format(milliseconds[^1])} cpu_ms_per_query={Format(cpuPerQuery)} load_average={LoadAverage()}");
        return (p50, p99, measuredHits);
    }

    /// <summary>Fraction of the exact top-k chunks that the other results also returned.</summary>
    private static double Recall(IReadOnlyList<ChunkHit>[] results, IReadOnlyList<ChunkHit>[] exact)
    {
        var found = results.Zip(exact).Sum(pair => pair.First.Select(hit => hit.ChunkId).Intersect(pair.Second.Select(hit => hit.ChunkId)).Count());
        return found / (double)exact.Sum(hits => hits.Count);
    }

    private static float[] UnitVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = random.NextSingle() * 2 - 1;
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        var position = Array.IndexOf(args, name);
        return position >= 0 && position + 1 < args.Length ? args[position + 1] : fallback;
    }

    private static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
