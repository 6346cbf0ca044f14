using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Rag.Onnx.Embedding.Bundled;

/// <summary>Reads a manifest resource straight out of a .NET assembly file, without loading the assembly (and so
/// without its dependencies): the resource is a length-prefixed blob inside the PE file's resources directory.</summary>
public static class ManagedResources
{
    /// <summary>Copies the named resource to <paramref name="destination"/>; throws when the assembly lacks it.</summary>
    public static void CopyTo(string assemblyPath, string resourceName, Stream destination)
    {
        using var file = File.OpenRead(assemblyPath);
        var (offset, length) = Locate(file, assemblyPath, resourceName);
        file.Position = offset;
        var buffer = new byte[1 << 20];
        for (var left = length; left > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new InvalidDataException($"{assemblyPath}: resource '{resourceName}' is cut short.");
            destination.Write(buffer, 0, read);
            left -= read;
        }
    }

    private static (long Offset, long Length) Locate(FileStream file, string assemblyPath, string resourceName)
    {
        using var pe = new PEReader(file, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor
            || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var directory))
            throw new InvalidDataException($"{assemblyPath} is not a .NET assembly with resources.");
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName) continue;
            var start = directory + resource.Offset;
            file.Position = start;
            Span<byte> prefix = stackalloc byte[4];
            file.ReadExactly(prefix);
            var length = BitConverter.ToUInt32(prefix);
            if (start + 4 + length > file.Length || length > cor.ResourcesDirectory.Size)
                throw new InvalidDataException($"{assemblyPath}: resource '{resourceName}' claims more bytes than the file holds.");
            return (start + 4, length);
        }
        throw new InvalidDataException($"{assemblyPath} has no resource '{resourceName}'.");
    }
}
