using Rag.Bench;

return args.FirstOrDefault() switch
{
    "embed" => await EmbedBenchmark.RunAsync(args[1..]),
    "search" => await SearchBenchmark.RunAsync(args[1..]),
    "generate" => await GenerateBenchmark.RunAsync(args[1..]),
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    "formats" => await FormatsBenchmark.RunAsync(args[1..]),
    "pdfwords" => await PdfWordsBenchmark.RunAsync(args[1..]),
    "ocr" => await OcrBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Rag.Bench embed --model <folder> | search [--sizes 100000,1000000] | generate [--model <folder>] | ingest [--model <folder>] [--limit N] | formats [--articles 300] [--model none|<name>|<folder>] | pdfwords [--dump <folder>] [--dictionary <word list>] | ocr [--pages 5] [--engines paddle,tesseract]");
    return 2;
}
