using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Testing.Hosting;
using Rag.Testing.Models;

namespace Rag.Api.Tests;

/// <summary>Rag:Llm:Provider=auto against a local stand-in of the Hub serving a generated decoder (Qwen2-family
/// tokenizer) in the Hub's layout: start-up never waits for the download; answers are extractive, and say why, while
/// the model downloads or when it cannot (offline, tampered file); a finished download answers through the ONNX decoder
/// without a restart; a transfer that breaks off, or stops on a full disk, resumes with a Range request.</summary>
public sealed class FirstRunLlmTests
{
    private const string OnnxFile = "onnx/model.onnx";
    private const string Question = "What is the maximum operating pressure of the P-200 pump?";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string[] AutoArgs(Uri endpoint) =>
    [
        "--Rag:Llm:Provider=auto", $"--Rag:Llm:Download:Endpoint={endpoint}",
        $"--Rag:Llm:Download:Repository={StandInHub.Repository}", $"--Rag:Llm:Download:Revision={StandInHub.Revision}",
        "--Rag:Llm:Download:Files:0=config.json", "--Rag:Llm:Download:Files:1=generation_config.json",
        "--Rag:Llm:Download:Files:2=tokenizer.json", "--Rag:Llm:Download:Files:3=tokenizer_config.json", $"--Rag:Llm:Download:Files:4={OnnxFile}",
        "--Rag:Llm:MaxNewTokens=12",
    ];

    private static string ModelFolder(InProcessService service) => Path.Combine(service.DataDirectory, "models", "llm", "tiny-qwen2");

    [Fact]
    public async Task Answers_are_extractive_while_downloading_then_come_from_the_onnx_decoder_without_a_restart()
    {
        await using var hub = await StandInHub.StartAsync(DecoderModels.Qwen2TinyFolder);
        hub.Hold(OnnxFile);
        await using var service = await InProcessService.StartAsync(AutoArgs(hub.Endpoint));
        await UploadPumpManualAsync(service);

        var downloading = await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "downloading" && s["bytesDone"]!.GetValue<long>() > 0);
        var total = downloading["bytesTotal"]!.GetValue<long>();
        Assert.Equal(FolderBytes(DecoderModels.Qwen2TinyFolder, AutoArgs(hub.Endpoint)), total);
        Assert.InRange(downloading["percent"]!.GetValue<int>(), 0, 99);
        var early = await AskAsync(service);
        Assert.Contains("still downloading", early["extractiveReason"]!.GetValue<string>());
        Assert.True(early["grounded"]!.GetValue<bool>()); // the extractive answer cites the manual

        hub.Release(OnnxFile);
        var ready = await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "ready");
        Assert.Equal("auto", ready["provider"]!.GetValue<string>());
        var generated = await AskAsync(service);
        Assert.Null(generated["extractiveReason"]);
        Assert.NotEqual(early["answer"]!.GetValue<string>(), generated["answer"]!.GetValue<string>());

        Assert.True(File.Exists(Path.Combine(ModelFolder(service), "download.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(DecoderModels.Qwen2TinyFolder, OnnxFile)), File.ReadAllBytes(Path.Combine(ModelFolder(service), OnnxFile)));
        Assert.False(Directory.Exists(ModelFolder(service) + ".partial"));
    }

    [Fact]
    public async Task A_transfer_that_breaks_off_resumes_with_a_range_request_and_completes()
    {
        await using var hub = await StandInHub.StartAsync(DecoderModels.Qwen2TinyFolder);
        const long cut = 3_000_000;
        hub.CutOnce(OnnxFile, cut);
        await using var service = await InProcessService.StartAsync(AutoArgs(hub.Endpoint));

        await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "ready");

        var transfers = hub.Requests.Where(r => r.Path == OnnxFile).ToList();
        Assert.Equal(2, transfers.Count);
        Assert.Null(transfers[0].Range);
        var resumedAt = long.Parse(transfers[1].Range!["bytes=".Length..].TrimEnd('-'));
        Assert.InRange(resumedAt, 1, cut);
        Assert.Equal(File.ReadAllBytes(Path.Combine(DecoderModels.Qwen2TinyFolder, OnnxFile)), File.ReadAllBytes(Path.Combine(ModelFolder(service), OnnxFile)));
    }

    [Fact]
    public async Task A_tampered_file_is_deleted_reported_as_a_hash_mismatch_and_never_loaded()
    {
        await using var hub = await StandInHub.StartAsync(DecoderModels.Qwen2TinyFolder);
        hub.Tamper(OnnxFile);
        await using var service = await InProcessService.StartAsync(AutoArgs(hub.Endpoint));
        await UploadPumpManualAsync(service);

        var failed = await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "failed");

        Assert.StartsWith($"hash mismatch for {OnnxFile}: expected SHA-256", failed["reason"]!.GetValue<string>());
        Assert.False(Directory.Exists(ModelFolder(service)));
        Assert.False(File.Exists(Path.Combine(ModelFolder(service) + ".partial", OnnxFile + ".partial")));
        Assert.False(File.Exists(Path.Combine(ModelFolder(service) + ".partial", OnnxFile)));
        var answer = await AskAsync(service);
        Assert.Contains("hash mismatch", answer["extractiveReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Offline_start_up_is_not_blocked_and_answers_stay_extractive_with_the_reason()
    {
        var closed = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        await using var service = await InProcessService.StartAsync(AutoArgs(closed));
        await UploadPumpManualAsync(service);

        var failed = await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "failed");

        Assert.StartsWith($"offline: {closed} cannot be reached", failed["reason"]!.GetValue<string>());
        var answer = await AskAsync(service);
        Assert.True(answer["grounded"]!.GetValue<bool>());
        Assert.Contains("offline", answer["extractiveReason"]!.GetValue<string>());
    }

    [TmpfsFact]
    public async Task A_full_disk_fails_the_download_with_the_reason_and_it_resumes_once_there_is_room()
    {
        await using var hub = await StandInHub.StartAsync(DecoderModels.Qwen2TinyFolder);
        using var disk = Tmpfs.Mount(8); // the ONNX graph alone is about 13 MB
        var data = Path.Combine(disk.Directory, "data");
        await using var service = await InProcessService.StartInAsync(data, [.. AutoArgs(hub.Endpoint), "--Rag:Llm:Download:RetryInterval=00:00:01"]);

        var failed = await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "failed");
        Assert.Equal($"disk full under {Path.Combine(data, "models", "llm")}", failed["reason"]!.GetValue<string>());

        disk.Resize(64);
        await WaitForLlmAsync(service, s => s["state"]!.GetValue<string>() == "ready");
        Assert.Contains(hub.Requests, r => r.Path == OnnxFile && r.Range is not null);
        Assert.Equal(File.ReadAllBytes(Path.Combine(DecoderModels.Qwen2TinyFolder, OnnxFile)), File.ReadAllBytes(Path.Combine(data, "models", "llm", "tiny-qwen2", OnnxFile)));
    }

    [Fact]
    public async Task With_provider_none_the_llm_is_disabled_and_answers_say_so()
    {
        await using var service = await InProcessService.StartAsync();
        await UploadPumpManualAsync(service);

        var status = (await service.Client.Http.GetFromJsonAsync<JsonObject>("/api/models/llm"))!;

        Assert.Equal("disabled", status["state"]!.GetValue<string>());
        Assert.Equal("No LLM is configured: Rag:Llm:Provider is none.", (await AskAsync(service))["extractiveReason"]!.GetValue<string>());
        Assert.False(Directory.Exists(Path.Combine(service.DataDirectory, "models")));
    }

    private static async Task UploadPumpManualAsync(InProcessService service)
    {
        await service.Client.CreateCollectionAsync("pumps");
        var id = (await service.Client.UploadOkAsync("pumps", ("pump.md", Encoding.UTF8.GetBytes(
            "# Pump manual\n\nThe maximum operating pressure of the P-200 pump is 12 bar. Never exceed it.\n"))))[0];
        await service.Client.ReadyAsync(id);
    }

    private static async Task<JsonObject> AskAsync(InProcessService service)
    {
        var response = await service.Client.Http.PostAsJsonAsync("/api/ask", new { collection = "pumps", question = Question });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> WaitForLlmAsync(InProcessService service, Func<JsonObject, bool> reached)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = (await service.Client.Http.GetFromJsonAsync<JsonObject>("/api/models/llm"))!;
            if (reached(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"LLM status still {status.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static long FolderBytes(string folder, string[] args) =>
        args.Where(a => a.StartsWith("--Rag:Llm:Download:Files:", StringComparison.Ordinal))
            .Sum(a => new FileInfo(Path.Combine(folder, a[(a.IndexOf('=') + 1)..])).Length);

    private static int ClosedPort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
