using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests.Support;

/// <summary>Tokenizer folders for the decoder tokenizer families: the SentencePiece-style one made by
/// tests/ModelFixtures/make_sentencepiece_tokenizer.py (regenerated when the script changes), the real bge-small-en-v1.5
/// WordPiece tokenizer.json (copied next to the BERT tokenizer_config.json transformers.js needs), the real SmolLM2, and the
/// Qwen2-family one made by tests/ModelFixtures/make_qwen2_tokenizer.py (Qwen2's normalizer, pre-tokenizer and chat template).</summary>
public static class TokenizerFixtures
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Root, "tests", "ModelFixtures");
    private static readonly Lazy<string> SentencePieceFolder = new(() => Generate("make_sentencepiece_tokenizer.py", "sentencepiece-tiny"));
    private static readonly Lazy<string> WordPieceFolder = new(CopyWordPiece);
    private static readonly Lazy<string> Qwen2Folder = new(() => Generate("make_qwen2_tokenizer.py", "qwen2-tokenizer"));

    public static string SentencePiece => SentencePieceFolder.Value;
    public static string WordPiece => WordPieceFolder.Value;
    public static string ByteLevel => RepositoryPaths.SharedModel("SmolLM2-135M-Instruct");
    public static string Qwen2 => Qwen2Folder.Value;

    private static string CopyWordPiece()
    {
        var folder = Path.Combine(Fixtures, "generated", "wordpiece-bge-small-en");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RepositoryPaths.SharedModel("bge-small-en-v1.5"), "tokenizer.json"), Path.Combine(folder, "tokenizer.json"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"),
            """{ "tokenizer_class": "BertTokenizer", "do_lower_case": true, "clean_up_tokenization_spaces": true }""");
        return folder;
    }

    private static string Generate(string scriptName, string folderName)
    {
        var script = Path.Combine(Fixtures, scriptName);
        var folder = Path.Combine(Fixtures, "generated", folderName);
        var tokenizer = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(tokenizer) || File.GetLastWriteTimeUtc(tokenizer) < File.GetLastWriteTimeUtc(script))
            ProcessRunner.Run(DecoderModels.Python, [script, "--out", folder], Fixtures);
        return folder;
    }
}
