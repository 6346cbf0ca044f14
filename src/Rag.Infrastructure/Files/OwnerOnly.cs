using System.Runtime.InteropServices;

namespace Rag.Infrastructure.Files;

/// <summary>Keeps the data directory (database, originals, indexes, model caches, keys) to the service's own user on
/// Unix, whatever umask it was started with. The process umask becomes 077 before the directory is made, because not
/// every file in it is created by our code (SQLite's journal and WAL files, Lucene's segments, downloads): every file the
/// process creates is then 0600 and every folder 0700. An existing data directory is narrowed to 0700 too, which also
/// closes what an earlier version left world-readable inside it.</summary>
public static class OwnerOnly
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void CreateDataDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        SetUmask(0b000_111_111);
        Directory.CreateDirectory(path, FolderMode);
        try
        {
            File.SetUnixFileMode(path, FolderMode);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"The data directory {path} (Rag:DataDirectory) cannot be made owner-only (mode 700): " +
                $"{e.Message} Run the service as the directory's owner.", e);
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
}
