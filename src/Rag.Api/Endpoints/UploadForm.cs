using Rag.Core.Errors;
using Rag.Infrastructure.Faults;

namespace Rag.Api.Endpoints;

/// <summary>Reads an upload's multipart form. A body that breaks the multipart format or the form's limits is the
/// client's mistake: 400 saying what is wrong, not a 500.</summary>
public static class UploadForm
{
    public const string MalformedTitle = "Malformed upload";

    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && StorageFaults.Classify(e) is null)
        {
            throw new RequestRejectedException(RejectionReason.Invalid, MalformedTitle,
                $"The multipart/form-data body could not be read: {Reason(e.Message)}");
        }
    }

    /// <summary>The form reader's messages (FormFeature, MultipartReader) put in terms of what the client sent.</summary>
    private static string Reason(string message) => message switch
    {
        _ when message.StartsWith("Missing content-type boundary", StringComparison.Ordinal) =>
            "the Content-Type header has no boundary parameter (multipart/form-data; boundary=...).",
        _ when message.StartsWith("Form value count limit", StringComparison.Ordinal) =>
            $"it has more parts (files and fields together) than the limit: {message} Send the files in several requests.",
        _ when message.StartsWith("Unexpected end of Stream", StringComparison.Ordinal) =>
            "the body ends before the closing boundary (--boundary--).",
        _ when message.StartsWith("Form section has invalid Content-Disposition", StringComparison.Ordinal) =>
            "a part has no valid Content-Disposition header (form-data; name=\"file\"; filename=\"...\"; a quote left " +
            $"open is one way to break it). The reader said: {message}",
        _ when message.StartsWith("Multipart headers length limit", StringComparison.Ordinal) =>
            $"a part's headers are too long. {message}",
        _ when message.StartsWith("Invalid header line", StringComparison.Ordinal) =>
            $"a part has a header line that is not 'Name: value' (a line break inside a file name does this). {message}",
        _ => message,
    };
}
