using System.IO.Compression;
using System.Xml;

namespace Rag.Infrastructure.Extraction.Office;

/// <summary>Tells DOCX, PPTX and XLSX apart by the content type of the main part that the package declares in its
/// [Content_Types].xml (for one part, or for all parts of an extension, as System.IO.Packaging writes it), not by the
/// file's name.</summary>
internal static class OfficeContentTypes
{
    private const long MaxManifestBytes = 1024 * 1024;

    private static readonly Dictionary<string, string> MainParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = KnownContentTypes.Docx,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = KnownContentTypes.Pptx,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = KnownContentTypes.Xlsx,
    };

    /// <summary>The Office type a zip package declares; null for any other zip. Throws <see cref="InvalidDataException"/>
    /// or <see cref="XmlException"/> when the zip or its manifest cannot be read.</summary>
    public static string? Of(Stream zipPackage)
    {
        using var zip = new ZipArchive(zipPackage, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.GetEntry("[Content_Types].xml") is not { } manifest || manifest.Length > MaxManifestBytes) return null;
        using var reader = XmlReader.Create(manifest.Open(), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            MaxCharactersInDocument = MaxManifestBytes,
        });
        while (reader.Read())
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Override" or "Default" }
                && MainParts.TryGetValue(reader.GetAttribute("ContentType") ?? "", out var type))
                return type;
        return null;
    }
}
