namespace Rag.Infrastructure.Extraction;

/// <summary>Canonical content types recognised by <see cref="ContentSniffer"/>.</summary>
public static class KnownContentTypes
{
    public const string Pdf = "application/pdf";
    public const string Markdown = "text/markdown";
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    public const string Csv = "text/csv";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";
}
