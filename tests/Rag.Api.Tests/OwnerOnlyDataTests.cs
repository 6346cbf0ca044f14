using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>The data directory holds the database, the originals, the indexes and the model caches: under the
/// usual umask 022 they would be readable by every user of the machine. Everything the service writes there is its
/// user's only (folders 0700, files 0600), stat-ed after a real ingest with the bundled encoder.</summary>
public sealed class OwnerOnlyDataTests
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Under_umask_022_every_folder_and_file_the_service_writes_in_its_data_directory_is_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // Unix modes only
        var directory = Path.Combine(Path.GetTempPath(), "rag-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        umask(0b000_010_010);
        try
        {
            await using (var service = await InProcessService.StartInAsync(directory, "--Rag:Embedding:Model=", "--Rag:Auth:AdminKey="))
            {
                var admin = service.ClientWith((await File.ReadAllTextAsync(Path.Combine(directory, "admin-key.txt"))).Trim());
                await admin.CreateCollectionAsync("private");
                var id = (await admin.UploadOkAsync("private", ("pump.md", Encoding.UTF8.GetBytes("# Pump\n\nThe pump runs at 5 bar."))))[0];
                Assert.Equal("ready", (await admin.WaitSettledAsync(id))["status"]!.GetValue<string>());
                var found = await admin.Http.PostAsJsonAsync("/api/search", new { collection = "private", query = "pump pressure" });
                found.EnsureSuccessStatusCode();
            }

            var entries = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Prepend(directory).ToList();
            Assert.Contains(entries, e => e.EndsWith("rag.db"));
            Assert.Contains(entries, e => e.Contains($"{Path.DirectorySeparatorChar}files{Path.DirectorySeparatorChar}"));
            Assert.Contains(entries, e => e.Contains($"{Path.DirectorySeparatorChar}keyword{Path.DirectorySeparatorChar}"));
            Assert.Contains(entries, e => e.Contains($"{Path.DirectorySeparatorChar}models{Path.DirectorySeparatorChar}"));
            var open = entries.Where(e => (File.GetUnixFileMode(e) & Others) != 0).Select(e => $"{e} {File.GetUnixFileMode(e)}").ToList();
            Assert.True(open.Count == 0, "Readable by others: " + string.Join("; ", open));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [DllImport("libc")]
    private static extern uint umask(uint mask);
}
