using System.Diagnostics;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Ocr;

/// <summary>Runs a command-line tool with bytes on stdin, collecting stdout; killed when cancelled.</summary>
internal static class ExternalProcess
{
    public static async Task<byte[]> RunAsync(string executable, IEnumerable<string> arguments, ReadOnlyMemory<byte> input,
        string installHint, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ExtractionException($"OCR needs {executable}, which could not be started ({e.Message}); {installHint}.", e);
        }
        using (process)
        {
            try
            {
                using var output = new MemoryStream();
                var reading = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
                var errors = process.StandardError.ReadToEndAsync(cancellationToken);
                await using (var stdin = process.StandardInput.BaseStream)
                    await stdin.WriteAsync(input, cancellationToken);
                await reading;
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                    throw new ExtractionException($"{Path.GetFileName(executable)} failed (exit code {process.ExitCode}): {FirstLine(await errors)}");
                return output.ToArray();
            }
            catch (Exception) when (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
