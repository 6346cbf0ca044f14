using Microsoft.Extensions.DependencyInjection;
using Rag.Core.Domain;
using Rag.Core.Extraction;
using Rag.Core.Ingestion;
using Rag.Infrastructure.Diagnostics;
using Rag.Infrastructure.Ingestion.Steps;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

public sealed class IngestionPipelineTests
{
    [Fact]
    public async Task A_step_registered_after_extract_runs_before_chunking_shows_its_stage_and_can_replace_pages()
    {
        using var telemetry = new TelemetryRecorder();
        var probe = new ProbeStep();
        await using var service = await InProcessService.StartWithAsync(services => services.InsertAfter<ExtractStep>(probe));
        var api = service.Client;
        var collection = "pipeline-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateCollectionAsync(collection);
        var id = (await api.UploadOkAsync(collection, ("data.pdf", await File.ReadAllBytesAsync(EvalPdfs.PathOf("tables-forms/data.pdf"))))).Single();

        var progress = await TelemetryRecorder.EventuallyAsync(async () =>
        {
            var p = (await api.DocumentAsync(id))["progress"]!;
            return p["stage"]!.GetValue<string>() == IngestionStage.Ocr && p["done"]!.GetValue<int>() == 1 ? p : null;
        }, "the probe's progress");
        Assert.Equal(3, progress["total"]!.GetValue<int>());
        Assert.InRange(progress["percent"]!.GetValue<int>(), 40, 59);
        probe.Release.SetResult();

        var document = await api.ReadyAsync(id);
        Assert.Equal((true, false), probe.Saw);
        Assert.Equal(3, document["pageCount"]!.GetValue<int>());
        var hit = Assert.Single(await api.SearchAsync(collection, "quokka"));
        Assert.Equal(2, hit!["page"]!.GetValue<int>());

        var ingest = await TelemetryRecorder.EventuallyAsync(
            () => telemetry.Spans.FirstOrDefault(s => s.OperationName == "ingest" && Equals(s.GetTagItem(RagTelemetry.DocumentId), id)), "ingest span");
        Assert.Equal(["ingest.claim", "ingest.extract", "ingest.probe", "ingest.chunk", "ingest.index"],
            telemetry.Spans.Where(s => s.ParentSpanId == ingest.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
    }

    /// <summary>Stands where an OCR step would: reports pages done in the "ocr" stage, waits for the test to have
    /// seen that, and replaces page 2's text.</summary>
    private sealed class ProbeStep : IIngestionStep
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the text was extracted and whether chunks existed when the step ran.</summary>
        public (bool Extracted, bool Chunked) Saw { get; private set; }

        public string Name => "probe";

        public async Task RunAsync(IngestionContext context, CancellationToken cancellationToken)
        {
            Saw = (context.Extracted is not null, context.Chunks is not null);
            var pages = context.RequireExtracted().Pages;
            await context.Progress.StageAsync(IngestionStage.Ocr, pages.Count, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // past the progress writer's throttle
            context.Progress.Reporter(cancellationToken).Report((1, pages.Count));
            await Release.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            context.Extracted = new ExtractedDocument([.. pages.Select(p => p.Number == 2 ? new ExtractedPage(2, "Read by the probe: a quokka.") : p)]);
        }
    }
}

internal static class PipelineRegistration
{
    public static void InsertAfter<TStep>(this IServiceCollection services, IIngestionStep step) where TStep : IIngestionStep
    {
        var index = services.ToList().FindIndex(d => d.ServiceType == typeof(IIngestionStep) && d.ImplementationType == typeof(TStep));
        services.Insert(index + 1, new ServiceDescriptor(typeof(IIngestionStep), step));
    }
}
