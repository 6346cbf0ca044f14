using System.Text.Json;

namespace Rag.Load;

public sealed record UploadFile(string Name, byte[] Content, string ContentType);

/// <summary>Real content for the run: SciFact abstracts as text documents, a few real PDFs (one of them encrypted, so
/// some uploads end failed with a reason), and SciFact's training claims as questions.</summary>
public sealed class Workload
{
    /// <summary>Readable papers, and one encrypted file that must end failed with a clear reason.</summary>
    private static readonly string[] Pdfs =
    [
        "papers-multicolumn/ICML03-081.pdf",
        "papers-multicolumn/23056.PMC2132516.pdf",
        "non-english/issue12823.pdf",
        "non-english/pdfpig-issue-1040.pdf",
        "encrypted/encrypted-password-is-password.pdf",
    ];

    private readonly Queue<UploadFile> _texts;
    private readonly Queue<UploadFile> _pdfs;

    public IReadOnlyList<string> Questions { get; }

    private Workload(Queue<UploadFile> texts, Queue<UploadFile> pdfs, IReadOnlyList<string> questions) =>
        (_texts, _pdfs, Questions) = (texts, pdfs, questions);

    public static Workload Load(string evalFolder)
    {
        var texts = File.ReadLines(Path.Combine(evalFolder, "scifact", "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(d => new UploadFile($"scifact-{d.GetProperty("_id").GetString()}.txt",
                System.Text.Encoding.UTF8.GetBytes($"{d.GetProperty("title").GetString()}\n\n{d.GetProperty("text").GetString()}"), "text/plain"));
        var pdfs = Pdfs.Select(p => new UploadFile(Path.GetFileName(p), File.ReadAllBytes(Path.Combine(evalFolder, "pdfs", p)), "application/pdf"));
        var questions = File.ReadLines(Path.Combine(evalFolder, "scifact", "queries.train.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .ToList();
        return new Workload(new Queue<UploadFile>(texts), new Queue<UploadFile>(pdfs), questions);
    }

    /// <summary>The next upload batch of text documents, led by a PDF while <paramref name="withPdf"/> and any are left.
    /// Empty when the corpus is exhausted.</summary>
    public List<UploadFile> NextBatch(int size, bool withPdf)
    {
        var batch = new List<UploadFile>();
        if (withPdf && _pdfs.TryDequeue(out var pdf)) batch.Add(pdf);
        while (batch.Count < size && _texts.TryDequeue(out var text)) batch.Add(text);
        return batch;
    }
}
