using System.Diagnostics;
using System.Text;
using Rag.Core.Extraction;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>Tesseract 5 through its command line (Debian tesseract-ocr with the language packs named in
/// <paramref name="languages"/>, e.g. "eng+chi_sim"): the page goes in as a PPM on stdin, the text comes out on stdout.</summary>
public sealed class TesseractEngine(string languages, string executable = "tesseract") : IOcrEngine
{
    public string Name => "tesseract";

    public async Task<string> ReadAsync(OcrImage image, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "stdin", "stdout", "-l", languages, "--psm", "3" }) start.ArgumentList.Add(argument);
        start.Environment["OMP_THREAD_LIMIT"] = "1"; // one page per process; parallelism comes from concurrent pages

        using var process = StartOrExplain(start);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await using (var input = process.StandardInput.BaseStream)
            {
                await input.WriteAsync(Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"), cancellationToken);
                await input.WriteAsync(image.Rgb, cancellationToken);
            }
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                throw new ExtractionException($"Tesseract failed on this page: {(await errors).Trim()}");
            return CjkSpacing.Tighten(await output);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ExtractionException($"OCR needs Tesseract ({start.FileName}), which could not be started: {e.Message}. Install tesseract-ocr or set Rag:Ocr:Engine=paddle.", e);
        }
    }
}
