using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rag.Api.Hosting;
using Rag.Infrastructure.Vectors;
using Rag.Testing.Hosting;
using Rag.Testing.Models;

namespace Rag.Api.Tests;

/// <summary>The stored sentence vectors of deleted documents are dropped on a later start (when the store has grown
/// since it was last compacted), and the remaining documents keep theirs. Real ONNX encoder (generated weights).</summary>
public sealed class SentenceVectorCompactionTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rag-compaction-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private Task<InProcessService> StartAsync() =>
        InProcessService.StartInAsync(_dataDirectory, $"--Rag:Embedding:ModelPath={TestModels.Folder(TestModels.MiniLm)}");

    [Fact]
    public async Task A_deleted_documents_sentence_vectors_are_dropped_on_the_next_start_and_the_others_kept()
    {
        Guid deleted;
        long storedBoth;
        await using (var service = await StartAsync())
        {
            await service.Client.CreateCollectionAsync("notes");
            var ids = await service.Client.UploadOkAsync("notes",
                ("kept.md", Encoding.UTF8.GetBytes("The north gate opens at six in the morning. Visitors sign in at the lodge.")),
                ("deleted.md", Encoding.UTF8.GetBytes("The boiler is serviced every October. Its pressure gauge reads two bar.")));
            foreach (var id in ids) await service.Client.ReadyAsync(id);
            await Index(service).SentenceVectorsStored;
            await CompactionOf(service).ExecuteTask!;
            storedBoth = StoreLength();
            deleted = ids[1];
            (await service.Client.Http.DeleteAsync($"/api/documents/{deleted}")).EnsureSuccessStatusCode();
        }

        await using (var restarted = await StartAsync())
        {
            await CompactionOf(restarted).ExecuteTask!;
            Assert.Equal(storedBoth / 2, StoreLength());
            var answer = await restarted.Client.AskAsync("notes", "When does the north gate open?");
            Assert.Contains("six in the morning", answer["answer"]!.GetValue<string>());
        }
    }

    private static SemanticIndex Index(InProcessService service) =>
        service.Services.GetRequiredService<SemanticSearch>().TryGetIndex(out var index) ? index : throw new InvalidOperationException("no encoder");

    private static SentenceVectorCompaction CompactionOf(InProcessService service) => service.Services.GetRequiredService<SentenceVectorCompaction>();

    private long StoreLength() => Directory.GetFiles(Path.Combine(_dataDirectory, "sentence-vectors"), "*.bin").Sum(f => new FileInfo(f).Length);
}
