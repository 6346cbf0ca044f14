using System.Text.Json;
using Rag.Web.Api;

namespace Rag.Web.State;

public enum UploadOutcome { Uploading, Waiting, Stored, Duplicate, Refused, Failed }

/// <summary>One file on its way to the service, as the upload zone shows it, and what became of it.</summary>
public sealed class FileUpload(int id, string fileName, long size)
{
    public int Id { get; } = id;
    public string FileName { get; } = fileName;
    public long Size { get; } = size;
    public int Percent { get; private set; }
    public UploadOutcome Outcome { get; private set; } = UploadOutcome.Uploading;
    /// <summary>Why the file was refused or failed, or how long until it is sent again.</summary>
    public string? Reason { get; private set; }

    public bool Finished => Outcome is UploadOutcome.Stored or UploadOutcome.Duplicate or UploadOutcome.Refused or UploadOutcome.Failed;
    public bool Accepted => Outcome is UploadOutcome.Stored or UploadOutcome.Duplicate;

    public void Progress(long sent, long total)
    {
        Outcome = UploadOutcome.Uploading;
        Percent = total > 0 ? (int)Math.Clamp(sent * 100 / total, 0, 100) : 0;
    }

    /// <summary>The service was busy (429): the file is sent again after <paramref name="seconds"/>.</summary>
    public void Wait(int seconds)
    {
        Outcome = UploadOutcome.Waiting;
        Reason = $"The service is busy; trying again in {seconds} s.";
    }

    /// <summary>Records the service's answer: 202 or 207 with one outcome per file (this zone sends one file per request),
    /// or a problem whose detail says why not.</summary>
    public void Finish(int status, string body)
    {
        if (status is 202 or 207)
        {
            using var json = JsonDocument.Parse(body);
            var entry = json.RootElement.EnumerateArray().First();
            if (entry.GetProperty("status").GetString() == "refused")
                Finish(entry.GetProperty("problem").GetProperty("status").GetInt32(), entry.GetProperty("problem").GetRawText());
            else
            {
                Percent = 100;
                Outcome = entry.GetProperty("duplicate").GetBoolean() ? UploadOutcome.Duplicate : UploadOutcome.Stored;
                Reason = null;
            }
            return;
        }
        // Refusals of the file itself; anything else (rights, busy, server, network) is a failure to try again.
        Outcome = status is 400 or 413 or 415 or 422 ? UploadOutcome.Refused : UploadOutcome.Failed;
        Reason = ApiProblemException.From(status, body).Message;
    }

    public string Describe() => Outcome switch
    {
        UploadOutcome.Uploading => $"Uploading · {Percent}%",
        UploadOutcome.Waiting => Reason!,
        UploadOutcome.Stored => "Stored",
        UploadOutcome.Duplicate => "Duplicate: already in this collection",
        UploadOutcome.Refused => $"Refused: {Reason}",
        _ => $"Failed: {Reason}",
    };
}
