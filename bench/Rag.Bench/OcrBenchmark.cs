using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Core.Ocr;
using Rag.Eval.Metrics;
using Rag.Eval.Ocr;
using Rag.Infrastructure.Ocr;
using Rag.Onnx.Ocr;

namespace Rag.Bench;

/// <summary>
/// ocr [--pages 5] [--engines paddle,tesseract] [--threads N] [--provider cpu|cuda] [--turn 0|1|2|3]
/// Generates scanned-looking pages (<see cref="SamplePages"/>: 200 dpi, tilt, noise, JPEG) from SciFact abstracts
/// (English) and CMRC 2018 contexts (Chinese) in ../shared/eval, reads them with each engine one page at a time, and
/// prints the character error rate (all edits / all characters) and pages per second per engine and language. --turn
/// turns every page clockwise by that many quarter turns first (1: scanned sideways, 2: upside down).
/// </summary>
public static class OcrBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = EmbedBenchmark.ParseArgs(args);
        var root = EmbedBenchmark.FindRepositoryRoot();
        var pageCount = int.Parse(options.GetValueOrDefault("pages", "5"), CultureInfo.InvariantCulture);
        var threads = int.Parse(options.GetValueOrDefault("threads", Environment.ProcessorCount.ToString()), CultureInfo.InvariantCulture);
        var provider = options.GetValueOrDefault("provider", "cpu");
        var engines = options.GetValueOrDefault("engines", "paddle,tesseract").Split(',');
        var turns = int.Parse(options.GetValueOrDefault("turn", "0"), CultureInfo.InvariantCulture);
        var eval = Path.Combine(root, "..", "shared", "eval");

        var languages = new[]
        {
            ("English", false, EnglishTexts(eval).Take(pageCount * 12).ToList()),
            ("Chinese", true, ChineseTexts(eval).Take(pageCount * 6).ToList()),
        };
        var pages = languages.Select(l => (l.Item1, Pages: Enumerable.Range(0, pageCount)
            .Select(i => SamplePages.Render(string.Join(l.Item2 ? "" : " ", l.Item3.Skip(i * l.Item3.Count / pageCount).Take(l.Item3.Count / pageCount)), l.Item2, seed: i))
            .Select(p => (Image: SamplePages.Turned(ImageDecoder.TryDecode(p.Jpeg, long.MaxValue)!, turns), p.Text)).ToList())).ToList();

        Console.WriteLine($"{pageCount} A4 pages per language at 200 dpi (1654 x 2339), turned {turns} quarter(s) clockwise, {Environment.ProcessorCount} cores");
        Console.WriteLine("engine     language  pages  chars    CER      s/page  pages/s");
        foreach (var name in engines)
        {
            var ocr = Create(name, threads, provider);
            using var owned = ocr as IDisposable;
            await ocr.ReadAsync(pages[0].Pages[0].Image, CancellationToken.None); // warm-up: session and caches
            if (ocr is PaddleOcrEngine paddle) Console.WriteLine($"paddle runs on {paddle.ExecutionProvider}, {threads} intra-op threads");
            foreach (var (language, list) in pages)
            {
                long edits = 0, chars = 0;
                var clock = Stopwatch.StartNew();
                foreach (var (image, text) in list)
                {
                    var read = await ocr.ReadAsync(image, CancellationToken.None);
                    var truth = CharacterErrorRate.Normalize(text).Length;
                    edits += (long)Math.Round(CharacterErrorRate.Of(text, read) * truth);
                    chars += truth;
                }
                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} {language,-9} {list.Count,5} {chars,6} {100.0 * edits / chars,7:0.00}% {seconds / list.Count,7:0.00} {list.Count / seconds,8:0.00}"));
            }
        }
        return 0;
    }

    private static IOcrEngine Create(string name, int threads, string provider) => name switch
    {
        "paddle" => new PaddleOcrEngine(new PaddleOcrSettings(PaddleOcrModels.BundledFolder, provider, IntraOpThreads: threads), NullLogger.Instance),
        "tesseract" => new TesseractEngine("eng+chi_sim"),
        _ => throw new ArgumentException($"Unknown engine '{name}'; use paddle or tesseract."),
    };

    private static IEnumerable<string> EnglishTexts(string eval) =>
        File.ReadLines(Path.Combine(eval, "scifact", "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .Where(t => t.Length > 400);

    private static IEnumerable<string> ChineseTexts(string eval)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(eval, "cmrc2018-trial", "cmrc2018_trial.json")));
        return json.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(d => d.GetProperty("paragraphs").EnumerateArray())
            .Select(p => p.GetProperty("context").GetString()!)
            .ToList();
    }
}
