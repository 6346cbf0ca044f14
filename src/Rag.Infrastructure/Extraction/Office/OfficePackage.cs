using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Rag.Core.Extraction;

namespace Rag.Infrastructure.Extraction.Office;

/// <summary>Opens Office Open XML packages (DOCX, PPTX, XLSX) safely: every part is decompressed once, counting real
/// bytes against <see cref="OfficeLimits"/>, before the Open XML SDK reads any of it; the SDK then refuses DTDs (no
/// entity expansion) and parts longer than the limit. Failures become <see cref="ExtractionException"/>s that say what
/// is wrong with the file.</summary>
internal static class OfficePackage
{
    private const long RatioGrace = 1024 * 1024;

    public static T Read<T>(Stream content, string kind, OfficeLimits limits, Func<Stream, OpenSettings, T> read)
    {
        var package = content.CanSeek ? content : new MemoryStream(StreamBytes.ReadAll(content));
        try
        {
            CheckParts(package, kind, limits);
            package.Position = 0;
            return read(package, new OpenSettings { MaxCharactersInPart = limits.MaxPartBytes });
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or XmlException or FileFormatException
                                      or InvalidOperationException or ArgumentException or IOException or NotSupportedException)
        {
            throw new ExtractionException($"This {kind} is damaged or not valid: {Reason(e)}", e);
        }
    }

    private static void CheckParts(Stream package, string kind, OfficeLimits limits)
    {
        Span<byte> magic = stackalloc byte[4];
        if (package.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !magic.SequenceEqual((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
            throw new ExtractionException($"This file is not a {kind}: it is not an Office Open XML (zip) package.");
        package.Position = 0;

        using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > limits.MaxParts)
            throw Unsafe(kind, $"it has {zip.Entries.Count:N0} parts; the limit is {limits.MaxParts:N0}");
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            using var part = entry.Open();
            long size = 0;
            int read;
            while ((read = part.Read(buffer)) > 0)
            {
                size += read;
                total += read;
                if (size > limits.MaxPartBytes)
                    throw Unsafe(kind, $"its part {entry.FullName} expands to more than {Megabytes(limits.MaxPartBytes)} (the limit)");
                if (total > limits.MaxTotalBytes)
                    throw Unsafe(kind, $"it expands to more than {Megabytes(limits.MaxTotalBytes)} (the limit)");
                if (size > RatioGrace && size > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                    throw Unsafe(kind, $"its part {entry.FullName} expands more than {limits.MaxCompressionRatio} times (a zip bomb)");
            }
        }
    }

    private static ExtractionException Unsafe(string kind, string reason) =>
        new($"This {kind} cannot be read safely: {reason}.");

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):N0} MB");

    private static string Reason(Exception e) => e switch
    {
        XmlException { Message: var m } when m.Contains("DTD", StringComparison.Ordinal) => "it declares a DTD, which is not allowed (entity expansion).",
        _ => e.Message.TrimEnd('.') + ".",
    };
}
