using System.Text;
using Rag.Core.Ocr;

namespace Rag.Infrastructure.Ocr;

/// <summary>Tesseract 5 through its command line (Debian tesseract-ocr with the language packs named in
/// <paramref name="languages"/>, e.g. "eng+chi_sim"): the page goes in as a PPM on stdin, the text comes out on stdout.</summary>
public sealed class TesseractEngine(string languages, string executable = "tesseract") : IOcrEngine
{
    // One thread per page: parallelism comes from pages read at the same time.
    private static readonly Dictionary<string, string> SingleThread = new() { ["OMP_THREAD_LIMIT"] = "1" };

    public string Name => "tesseract";

    public async Task<string> ReadAsync(OcrImage image, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n");
        var ppm = new byte[header.Length + image.Rgb.Length];
        header.CopyTo(ppm, 0);
        image.Rgb.CopyTo(ppm, header.Length);
        var text = await ExternalProcess.RunAsync(executable, ["stdin", "stdout", "-l", languages, "--psm", "3"], ppm,
            "install tesseract-ocr with its language packs or set Rag:Ocr:Engine=paddle", cancellationToken, SingleThread);
        return CjkSpacing.Tighten(Encoding.UTF8.GetString(text));
    }
}
