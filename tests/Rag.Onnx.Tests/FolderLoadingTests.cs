using Rag.Onnx.Embedding;
using Rag.Testing.Models;
using Rag.Testing;

namespace Rag.Onnx.Tests;

/// <summary>Detection on the real model folders from ../shared/models (which ship no weights: a placeholder ONNX file stands in).</summary>
public class FolderLoadingTests
{
    [Fact]
    public void MiniLm_folder_is_mean_pooled_with_the_sentence_transformers_window()
    {
        var folder = Load(RealFolderWithPlaceholderOnnx("all-MiniLM-L6-v2", "onnx/model.onnx"));

        Assert.Equal(PoolingMode.Mean, folder.Pooling);
        Assert.Equal(256, folder.MaxSequenceLength);
        Assert.Equal(384, folder.HiddenSize);
        Assert.Equal(6, folder.Layers);
        Assert.Equal(12, folder.AttentionHeads);
        Assert.Equal("BertModel", folder.Architecture);
        Assert.Equal(PromptPrefixes.None, folder.Prefixes);
        Assert.True(folder.Tokenizer.LowerCase);
        Assert.EndsWith(Path.Combine("onnx", "model.onnx"), folder.OnnxPath);
    }

    [Fact]
    public void Bge_english_folder_is_cls_pooled_with_the_query_instruction()
    {
        var folder = Load(RealFolderWithPlaceholderOnnx("bge-small-en-v1.5", "model.onnx"));

        Assert.Equal(PoolingMode.Cls, folder.Pooling);
        Assert.Equal(512, folder.MaxSequenceLength);
        Assert.Equal("Represent this sentence for searching relevant passages: ", folder.Prefixes.Query);
        Assert.Equal("", folder.Prefixes.Passage);
        Assert.True(folder.Tokenizer.LowerCase);
    }

    [Fact]
    public void Bge_chinese_folder_keeps_case_and_uses_the_chinese_instruction()
    {
        var folder = Load(RealFolderWithPlaceholderOnnx("bge-small-zh-v1.5", "model.onnx"));

        Assert.Equal(PoolingMode.Cls, folder.Pooling);
        Assert.Equal("为这个句子生成表示以用于检索相关文章：", folder.Prefixes.Query);
        Assert.False(folder.Tokenizer.LowerCase);
        Assert.False(folder.Tokenizer.StripAccents);
        Assert.True(folder.Tokenizer.SplitChineseCharacters);
    }

    [Fact]
    public void E5_folders_get_query_and_passage_prefixes()
    {
        var path = RealFolderWithPlaceholderOnnx("all-MiniLM-L6-v2", "model.onnx", "multilingual-e5-small");

        var folder = Load(path);

        Assert.Equal(new PromptPrefixes("query: ", "passage: "), folder.Prefixes);
    }

    [Fact]
    public void Sentence_transformers_prompts_override_the_family_default()
    {
        var path = RealFolderWithPlaceholderOnnx("bge-small-en-v1.5", "model.onnx");
        File.WriteAllText(Path.Combine(path, "config_sentence_transformers.json"), """{"prompts": {"query": "Q: ", "document": "D: "}}""");

        Assert.Equal(new PromptPrefixes("Q: ", "D: "), Load(path).Prefixes);
    }

    [Fact]
    public void Options_override_pooling_prefixes_and_window_but_not_beyond_the_position_table()
    {
        var path = RealFolderWithPlaceholderOnnx("all-MiniLM-L6-v2", "model.onnx");

        var overridden = EmbeddingModelFolder.Load(new EncoderOptions
        {
            ModelPath = path, Pooling = PoolingMode.Cls, QueryPrefix = "q> ", PassagePrefix = "p> ", MaxSequenceLength = 64,
        });
        var tooLong = EmbeddingModelFolder.Load(new EncoderOptions { ModelPath = path, MaxSequenceLength = 4096 });

        Assert.Equal(PoolingMode.Cls, overridden.Pooling);
        Assert.Equal(new PromptPrefixes("q> ", "p> "), overridden.Prefixes);
        Assert.Equal(64, overridden.MaxSequenceLength);
        Assert.Equal(512, tooLong.MaxSequenceLength);
    }

    [Fact]
    public void Quantized_exports_are_found_and_a_named_onnx_file_wins()
    {
        var path = RealFolderWithPlaceholderOnnx("all-MiniLM-L6-v2", "onnx/model_quantized.onnx");
        File.WriteAllBytes(Path.Combine(path, "onnx", "model_fp16.onnx"), []);

        Assert.EndsWith("model_quantized.onnx", Load(path).OnnxPath);
        Assert.EndsWith("model_fp16.onnx", EmbeddingModelFolder.Load(new EncoderOptions { ModelPath = path, OnnxFile = "onnx/model_fp16.onnx" }).OnnxPath);
    }

    [Fact]
    public void A_folder_without_an_onnx_file_is_refused_with_the_places_looked()
    {
        var path = RealFolderWithPlaceholderOnnx("all-MiniLM-L6-v2", "unrelated.bin");

        var error = Assert.Throws<FileNotFoundException>(() => Load(path));

        Assert.Contains("onnx/model.onnx", error.Message);
    }

    [Fact]
    public void Vocabulary_is_taken_from_tokenizer_json_when_vocab_txt_is_missing()
    {
        var path = RealFolderWithPlaceholderOnnx("bge-small-en-v1.5", "model.onnx");
        var withVocabFile = new SentenceTokenizer(Load(path).Tokenizer, 512);
        File.Delete(Path.Combine(path, "vocab.txt"));
        var fromJson = new SentenceTokenizer(Load(path).Tokenizer, 512);
        const string text = "Tokenizer.json carries the same WordPiece vocabulary: ünïcödé, 東京, 123!";

        Assert.Equal(withVocabFile.Encode(text), fromJson.Encode(text));
    }

    private static EmbeddingModelFolder Load(string path) => EmbeddingModelFolder.Load(new EncoderOptions { ModelPath = path });

    private static string RealFolderWithPlaceholderOnnx(string model, string onnxFile, string? folderName = null)
    {
        var target = Path.Combine(Path.GetTempPath(), "rag-onnx-tests", Guid.NewGuid().ToString("N"), folderName ?? model);
        TestModels.CopyDirectory(RepositoryPaths.SharedModel(model), target);
        var onnx = Path.Combine(target, onnxFile);
        Directory.CreateDirectory(Path.GetDirectoryName(onnx)!);
        File.WriteAllBytes(onnx, []);
        return target;
    }
}
