using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rag.Infrastructure.Faults;

namespace Rag.Infrastructure.ModelDownload;

/// <summary>Fetches a pinned model from a Hugging Face Hub (or a mirror, HF_ENDPOINT) into
/// &lt;models&gt;/&lt;name&gt;. Files arrive in &lt;name&gt;.partial/ as *.partial files, resumed with HTTP Range when
/// a transfer breaks off; each is checked against the tree API's SHA-256 (LFS) or git blob SHA-1 before it is kept,
/// and a mismatching one is deleted. Only a complete, verified folder is renamed to &lt;name&gt;, with download.json
/// naming the repository, revision and every file's SHA-256, so a half-downloaded folder is never loaded.</summary>
public sealed class HubDownloader(HttpClient http, ModelDownloadOptions options, ILogger<HubDownloader> logger)
{
    public const string Manifest = "download.json";
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private sealed record ManifestFile(string Repository, string Revision, Dictionary<string, string> Sha256);

    /// <summary>The model's folder, downloaded now or earlier. progress(bytes done, bytes total) follows the transfer.</summary>
    public async Task<string> DownloadAsync(string modelsDirectory, Action<long, long> progress, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(modelsDirectory, options.FolderName);
        if (IsComplete(folder)) return folder;
        try
        {
            var staging = folder + ".partial";
            Directory.CreateDirectory(staging);
            var files = await ListAsync(cancellationToken);
            long total = files.Sum(f => f.Size), done = files.Sum(f => Present(staging, f));
            progress(done, total);
            var sha256 = new Dictionary<string, string>();
            foreach (var file in files)
                sha256[file.Path] = await FetchAsync(file, Path.Combine(staging, file.Path), n => progress(done += n, total), cancellationToken);

            await File.WriteAllTextAsync(Path.Combine(staging, Manifest),
                JsonSerializer.Serialize(new ManifestFile(options.Repository, options.Revision, sha256)), cancellationToken);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); // an earlier revision
            Directory.Move(staging, folder);
            logger.LogInformation("Downloaded {Repository}@{Revision} ({Bytes} bytes, {Files} files, verified) into {Folder}",
                options.Repository, options.Revision, total, files.Count, folder);
            return folder;
        }
        catch (Exception e) when (StorageFaults.Classify(e) == StorageFault.StorageFull)
        {
            throw new ModelDownloadException($"disk full under {modelsDirectory}", e);
        }
    }

    private bool IsComplete(string folder)
    {
        var manifest = Path.Combine(folder, Manifest);
        if (!File.Exists(manifest)) return false;
        var written = JsonSerializer.Deserialize<ManifestFile>(File.ReadAllText(manifest));
        return written?.Repository == options.Repository && written.Revision == options.Revision;
    }

    /// <summary>Bytes of the file already on disk: verified (renamed) or partly transferred.</summary>
    private static long Present(string staging, HubFile file)
    {
        var path = Path.Combine(staging, file.Path);
        return File.Exists(path) ? file.Size : File.Exists(path + ".partial") ? Math.Min(new FileInfo(path + ".partial").Length, file.Size) : 0;
    }

    private async Task<List<HubFile>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get,
            $"api/models/{options.Repository}/tree/{options.Revision}?recursive=true"), cancellationToken);
        var listed = HubFile.ParseTree(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).ToDictionary(f => f.Path);
        return options.FileList.Select(path => listed.GetValueOrDefault(path)
            ?? throw new ModelDownloadException($"{options.Repository}@{options.Revision} has no file {path}")).ToList();
    }

    /// <summary>Transfers the file into target.partial (resuming what is there), verifies it and renames it to target;
    /// returns its SHA-256. A file verified by an earlier attempt is kept if it still matches.</summary>
    private async Task<string> FetchAsync(HubFile file, string target, Action<long> advanced, CancellationToken cancellationToken)
    {
        if (File.Exists(target))
        {
            var (changed, kept) = await file.VerifyAsync(target, cancellationToken);
            if (changed is null) return kept;
            File.Delete(target); // altered on disk since it was verified: fetch it again
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        for (int resumes = 0; !await TransferAsync(file, partial, advanced, cancellationToken); resumes++)
        {
            if (resumes == options.MaxResumes)
                throw new ModelDownloadException($"the transfer of {file.Path} broke off {resumes + 1} times");
            logger.LogInformation("Transfer of {Path} broke off at {Bytes} bytes; resuming", file.Path, new FileInfo(partial).Length);
        }
        var (mismatch, sha256) = await file.VerifyAsync(partial, cancellationToken);
        if (mismatch is not null)
        {
            File.Delete(partial);
            throw new ModelDownloadException(mismatch + "; the file was deleted");
        }
        File.Move(partial, target);
        return sha256;
    }

    /// <summary>One request for the rest of the file; false when the connection broke off or stalled before the end.</summary>
    private async Task<bool> TransferAsync(HubFile file, string partial, Action<long> advanced, CancellationToken cancellationToken)
    {
        long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (have > file.Size) { File.Delete(partial); have = 0; }
        if (have == file.Size) return true;
        var request = new HttpRequestMessage(HttpMethod.Get, $"{options.Repository}/resolve/{options.Revision}/{file.Path}");
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await SendAsync(request, cancellationToken);
        if (have > 0 && response.StatusCode != HttpStatusCode.PartialContent)
        {
            advanced(-have); // the server sends the whole file again
            have = 0;
        }
        await using var output = new FileStream(partial, have > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write);
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 20];
        while (true)
        {
            int read;
            using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                stall.CancelAfter(StallTimeout);
                try { read = await input.ReadAsync(buffer, stall.Token); }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }
            if (read == 0) return output.Length == file.Size;
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            advanced(read);
        }
    }

    /// <summary>Sends with the token (if any); an unreachable Hub or a refusal becomes a <see cref="ModelDownloadException"/>.
    /// The host's HttpClient retries transient failures until the response headers arrive (the standard resilience
    /// handler); a transfer that breaks off after that is resumed here, with Range.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.BearerToken is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken); }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"offline: {http.BaseAddress} cannot be reached ({e.Message})", e);
        }
        catch (Exception e) when (e is TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelDownloadException($"offline: {http.BaseAddress} did not answer in time", e);
        }
        catch (Polly.ExecutionRejectedException e) // the resilience handler's circuit is open after repeated failures
        {
            throw new ModelDownloadException($"offline: {http.BaseAddress} keeps failing ({e.Message})", e);
        }
        finally { request.Dispose(); }
        if (response.IsSuccessStatusCode) return response;
        var status = (int)response.StatusCode;
        response.Dispose();
        throw new ModelDownloadException(status switch
        {
            401 or 403 => $"refused: {http.BaseAddress} answered {status} for {options.Repository} (gated or private? set HF_TOKEN)",
            404 => $"not found: {http.BaseAddress} has no {request.RequestUri} ({options.Repository}@{options.Revision})",
            _ => $"refused: {http.BaseAddress} answered {status} for {request.RequestUri}",
        });
    }
}
