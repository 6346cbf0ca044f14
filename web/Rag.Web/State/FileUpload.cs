using System.Text.Json;
using Rag.Web.Api;

namespace Rag.Web.State;

/// <summary>One file on its way to the service, as the upload zone shows it.</summary>
public sealed class FileUpload(int id, string fileName, long size)
{
    public int Id { get; } = id;
    public string FileName { get; } = fileName;
    public long Size { get; } = size;
    public int Percent { get; private set; }
    public bool Finished { get; private set; }
    public bool Duplicate { get; private set; }
    public string? Error { get; private set; }

    public void Progress(long sent, long total) => Percent = total > 0 ? (int)Math.Clamp(sent * 100 / total, 0, 100) : 0;

    /// <summary>Records the service's answer: 202 with the accepted documents, or a problem whose detail says why not.</summary>
    public void Finish(int status, string body)
    {
        Finished = true;
        if (status == 202)
        {
            Percent = 100;
            using var json = JsonDocument.Parse(body);
            Duplicate = json.RootElement.EnumerateArray().Any(d => d.TryGetProperty("duplicate", out var flag) && flag.GetBoolean());
        }
        else Error = ApiProblemException.From(status, body).Message;
    }

    public string Describe() => Error is not null ? $"Failed: {Error}"
        : !Finished ? $"Uploading · {Percent}%"
        : Duplicate ? "Already in this collection"
        : "Uploaded";
}
