using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Infrastructure.ModelDownload;
using Rag.Onnx.Generation;

namespace Rag.Api.Hosting;

/// <summary>Rag:Llm:Provider=auto: in the background (start-up never waits) downloads the pinned model into
/// &lt;DataDirectory&gt;/models/llm, loads it with the engine its folder calls for (<see cref="LocalLlmEngine"/>) and puts it into the <see cref="LlmSlot"/>, so
/// answers switch from extractive to the LLM without a restart. While it downloads the slot reports progress; when it
/// cannot (offline, refused, disk full, hash mismatch, a graph the decoder cannot run) it reports why and tries again
/// after Rag:Llm:Download:RetryInterval.</summary>
public sealed class FirstRunLlm(HubDownloader downloader, ModelDownloadOptions download, DecoderOptions decoder, LlmSlot slot,
    string modelsDirectory, ILoggerFactory loggers) : BackgroundService
{
    public const string Provider = "auto";
    private ILocalDecoder? _loaded;

    public static string ModelName(ModelDownloadOptions download) => $"{download.Repository}@{download.Revision[..Math.Min(12, download.Revision.Length)]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // ExecuteAsync runs inline until its first await: hand start-up back at once
        var logger = loggers.CreateLogger<FirstRunLlm>();
        var model = ModelName(download);
        while (true)
        {
            if (await TryAsync(logger, model, stoppingToken)) return;
            await Task.Delay(download.RetryInterval, stoppingToken);
        }
    }

    private async Task<bool> TryAsync(ILogger logger, string model, CancellationToken stoppingToken)
    {
        string folder;
        try
        {
            folder = await downloader.DownloadAsync(modelsDirectory,
                (done, total) => slot.Report(new LlmStatus(LlmState.Downloading, Provider, model, BytesDone: done, BytesTotal: total)), stoppingToken);
        }
        catch (ModelDownloadException e)
        {
            return Fail(logger, model, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Fail(logger, model, $"the download failed: {e.Message}");
        }

        slot.Report(new LlmStatus(LlmState.Loading, Provider, model));
        var options = decoder with { ModelPath = folder };
        try
        {
            _loaded = await Task.Run(() => LocalLlmEngine.Load(options, loggers.CreateLogger(typeof(LocalLlmEngine))), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(logger, model, $"the downloaded model cannot be loaded: {e.Message}");
        }
        slot.Use(LocalLlmEngine.ChatClient(_loaded, options), new LlmStatus(LlmState.Ready, Provider, model));
        logger.LogInformation("Answers now come from the LLM {Model} in {Folder}", model, folder);
        return true;
    }

    private bool Fail(ILogger logger, string model, string reason)
    {
        slot.Report(new LlmStatus(LlmState.Failed, Provider, model, reason));
        logger.LogWarning("The LLM {Model} is unavailable, answers stay extractive: {Reason}. Next try in {RetryInterval}", model, reason, download.RetryInterval);
        return false;
    }

    public override void Dispose()
    {
        _loaded?.Dispose();
        base.Dispose();
    }
}
