namespace Rag.Web.Text;

/// <summary>How the UI words things.</summary>
public static class Display
{
    public static string DocumentStatus(DocumentInfo d) => d.Status switch
    {
        "queued" => "Queued",
        "processing" => $"{Capitalized(d.Progress.Stage)} · {d.Progress.Percent}%",
        "ready" => $"Ready · {Count(d.PageCount, "page")} · {Count(d.ChunkCount, "chunk")}",
        "failed" => $"Failed: {d.Error ?? "no reason given"}",
        var other => Capitalized(other),
    };

    public static string Count(long n, string noun) => $"{n:N0} {noun}{(n == 1 ? "" : "s")}";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };

    public static string Parameters(long count) => count switch
    {
        >= 1_000_000_000 => $"{count / 1e9:0.##} B",
        >= 1_000_000 => $"{count / 1e6:0.#} M",
        _ => $"{count:N0}",
    };

    /// <summary>The original file at a page, for the browser's own viewer (a new tab).</summary>
    public static string FileLink(Guid documentId, int page) => $"/api/documents/{documentId}/file#page={page}";

    /// <summary>The in-app viewer at a page, with <paramref name="quote"/> (its first 300 characters) highlighted.</summary>
    public static string ViewerLink(Guid documentId, int page, string? quote) =>
        $"/documents/{documentId}?page={page}"
        + (string.IsNullOrWhiteSpace(quote) ? "" : "&quote=" + Uri.EscapeDataString(quote.Length <= 300 ? quote : quote[..300]));

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
