namespace Rag.Testing.Documents;

/// <summary>The committed Office and web files (Documents/Fixtures, see its README), copied next to the tests.</summary>
public static class FixtureFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}
