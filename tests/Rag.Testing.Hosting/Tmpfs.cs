using System.Diagnostics;

namespace Rag.Testing.Hosting;

/// <summary>A small RAM-backed file system (Linux tmpfs) mounted on a fresh temp directory, to run the service on a
/// disk that fills up. Needs root (or CAP_SYS_ADMIN); <see cref="TmpfsFactAttribute"/> skips tests where it cannot mount.</summary>
public sealed class Tmpfs : IDisposable
{
    public string Directory { get; }

    private Tmpfs(string directory) => Directory = directory;

    public static Tmpfs Mount(int megabytes)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rag-tmpfs-").FullName;
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", directory);
        if (exitCode == 0)
            return new Tmpfs(directory);
        System.IO.Directory.Delete(directory);
        throw new InvalidOperationException($"mount -t tmpfs failed (exit code {exitCode}): {error.Trim()}");
    }

    /// <summary>Why a tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? CannotMountReason()
    {
        if (!OperatingSystem.IsLinux())
            return "tmpfs mounts need Linux.";
        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (Exception e)
        {
            return $"cannot mount a tmpfs here (run the tests as root to include them): {e.Message}";
        }
    }

    /// <summary>Grows (or shrinks) the file system in place; the files on it stay.</summary>
    public void Resize(int megabytes)
    {
        var (exitCode, error) = Run("mount", "-o", $"remount,size={megabytes}m", Directory);
        if (exitCode != 0)
            throw new InvalidOperationException($"Remounting {Directory} failed (exit code {exitCode}): {error.Trim()}");
    }

    public void Dispose()
    {
        Run("umount", "--lazy", Directory);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private static (int ExitCode, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
