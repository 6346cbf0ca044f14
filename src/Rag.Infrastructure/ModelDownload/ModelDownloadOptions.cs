namespace Rag.Infrastructure.ModelDownload;

/// <summary>Section Rag:Llm:Download: which model Rag:Llm:Provider=auto fetches on first start, and from where.
/// The default is Qwen2.5-0.5B-Instruct's ONNX export (Apache-2.0) with int8 weights, which our decoder runs on CPU.</summary>
public sealed class ModelDownloadOptions
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Hub address; empty means the HF_ENDPOINT environment variable, else <see cref="DefaultEndpoint"/>.</summary>
    public string? Endpoint { get; init; }
    public string Repository { get; init; } = "onnx-community/Qwen2.5-0.5B-Instruct";

    /// <summary>A commit hash, so the files never change under the same name.</summary>
    public string Revision { get; init; } = "cc5cc01a65cc3ff17bdb73a7de33d879f62599b0";

    /// <summary>Paths inside the repository; empty means <see cref="DefaultFiles"/>.</summary>
    public string[]? Files { get; init; }

    /// <summary>Bearer token for gated or private repositories; empty means the HF_TOKEN environment variable.</summary>
    public string? Token { get; init; }

    /// <summary>How often an interrupted file transfer is resumed (HTTP Range) before the attempt fails.</summary>
    public int MaxResumes { get; init; } = 5;

    /// <summary>After a failed attempt (offline, refused, disk full, hash mismatch) the download is tried again this much later.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMinutes(10);

    public static readonly string[] DefaultFiles =
        ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

    public IReadOnlyList<string> FileList => Files is { Length: > 0 } files ? files : DefaultFiles;

    public Uri HubAddress => new((string.IsNullOrWhiteSpace(Endpoint) ? Environment.GetEnvironmentVariable("HF_ENDPOINT") : Endpoint) is { Length: > 0 } address
        ? address.TrimEnd('/') + "/" : DefaultEndpoint + "/");

    public string? BearerToken => string.IsNullOrWhiteSpace(Token) ? Environment.GetEnvironmentVariable("HF_TOKEN") is { Length: > 0 } t ? t : null : Token;

    /// <summary>The model's folder name under &lt;DataDirectory&gt;/models/llm: the repository's last segment.</summary>
    public string FolderName => Repository.Split('/')[^1];
}
