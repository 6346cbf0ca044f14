using Rag.Core.Embedding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Rag.Onnx.Graph;
using Rag.Onnx.Models;
using Rag.Onnx.Runtime;

namespace Rag.Onnx.Embedding;

/// <summary>
/// BERT-family sentence encoder on ONNX Runtime: tokenize, length-sorted batches, forward pass,
/// mask-aware pooling, L2 normalisation. Thread-safe.
/// <para>
/// Convention: <see cref="GenerateAsync"/> embeds passages (documents) with the passage prefix; set
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>["input_type"] = "query", or call
/// <see cref="EmbedQueryAsync"/>, to embed queries with the query prefix.
/// </para>
/// </summary>
public sealed class OnnxSentenceEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OnnxSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata;

    private OnnxSentenceEncoder(EmbeddingModelFolder folder, OnnxSession session, OnnxGraphSummary graph, byte[] onnxBytes, int batchSize)
    {
        Folder = folder;
        _session = session;
        _batchSize = batchSize;
        var declared = session.Session.InputMetadata.Keys.ToHashSet();
        string[] known = ["input_ids", "attention_mask", "token_type_ids"];
        if (declared.Except(known).FirstOrDefault() is { } unknown)
            throw new NotSupportedException($"{folder.OnnxPath}: unexpected model input '{unknown}'.");
        _inputNames = known.Where(declared.Contains).ToArray();
        var outputs = session.Session.OutputMetadata;
        var output = outputs.ContainsKey("last_hidden_state") ? "last_hidden_state" : outputs.Keys.First();
        _outputNames = [output];
        Dimensions = outputs[output].Dimensions[^1] is > 0 and var d ? d
            : folder.HiddenSize ?? throw new InvalidDataException($"{folder.Folder}: neither the graph nor config.json states the hidden size.");

        Tokenizer = new SentenceTokenizer(folder.Tokenizer, folder.MaxSequenceLength);
        Fingerprint = ModelFingerprint.Compute(onnxBytes, folder, Dimensions);
        Card = new ModelCard(folder.Name, "embedding", folder.Architecture, folder.Layers, folder.HiddenSize, folder.AttentionHeads,
            graph.ParameterCount, Dimensions, folder.MaxSequenceLength, folder.Pooling.ToString().ToLowerInvariant(),
            ModelQuantization.Describe(graph), session.ExecutionProvider, folder.License, Fingerprint,
            folder.Source, folder.Languages);
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", new Uri(folder.Folder + Path.DirectorySeparatorChar), folder.Name, Dimensions);
    }

    public EmbeddingModelFolder Folder { get; }
    public SentenceTokenizer Tokenizer { get; }
    public int Dimensions { get; }
    public string Fingerprint { get; }
    public ModelCard Card { get; }
    public string ExecutionProvider => _session.ExecutionProvider;

    private const int ParallelTokenizationMinimum = 8;

    public static OnnxSentenceEncoder Load(EncoderOptions options, ILogger? logger = null)
    {
        var folder = EmbeddingModelFolder.Load(options);
        var onnxBytes = File.ReadAllBytes(folder.OnnxPath);
        var graph = OnnxGraphSummary.Read(onnxBytes);
        var session = OnnxSessionFactory.Create(folder.OnnxPath, options.ExecutionProvider, options.DeviceId, options.IntraOpThreads,
            logger ?? NullLogger.Instance);
        try
        {
            return new OnnxSentenceEncoder(folder, session, graph, onnxBytes, options.BatchSize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public WordPieceTokenCounter CreateTokenCounter() => new(Tokenizer);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prefix = EmbeddingPurpose.IsQuery(options) ? Folder.Prefixes.Query : Folder.Prefixes.Passage;
        var texts = values.Select(v => prefix + v).ToArray();
        return Task.FromResult(Embed(texts, cancellationToken));
    }

    public async Task<Embedding<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken = default)
    {
        return (await GenerateAsync([query], EmbeddingPurpose.ForQuery(), cancellationToken))[0];
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedPassagesAsync(IEnumerable<string> passages, CancellationToken cancellationToken = default) =>
        GenerateAsync(passages, null, cancellationToken);

    /// <summary>Runs the texts exactly as given (no prefix); vectors come back in input order.</summary>
    public GeneratedEmbeddings<Embedding<float>> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var tokenized = new int[texts.Count][];
        // On a GPU the forward pass is so fast that tokenizing on one core would take a third of the time.
        if (texts.Count >= ParallelTokenizationMinimum) Parallel.For(0, texts.Count, i => tokenized[i] = Tokenizer.Encode(texts[i]));
        else for (var i = 0; i < texts.Count; i++) tokenized[i] = Tokenizer.Encode(texts[i]);
        var vectors = new float[texts.Count][];
        long tokens = 0;
        foreach (var batch in TokenBatch.Plan(tokenized, _batchSize, Tokenizer.PaddingTokenId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunBatch(batch, vectors);
            tokens += batch.RealTokens;
        }
        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = Folder.Name, CreatedAt = created }))
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
    }

    private void RunBatch(TokenBatch batch, float[][] vectors)
    {
        var shape = batch.Shape;
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var data = _inputNames[i] switch
                {
                    "input_ids" => batch.InputIds,
                    "attention_mask" => batch.AttentionMask,
                    _ => batch.TokenTypeIds,
                };
                inputs[i] = OrtValue.CreateTensorValueFromMemory(data, shape);
            }
            using var outputs = _session.Session.Run(_runOptions, _inputNames, inputs, _outputNames);
            var states = outputs[0].GetTensorDataAsSpan<float>();
            var rowSize = batch.SequenceLength * Dimensions;
            for (var row = 0; row < batch.Count; row++)
            {
                var vector = new float[Dimensions];
                Pooling.PoolAndNormalize(states.Slice(row * rowSize, rowSize), batch.Lengths[row], Dimensions, Folder.Pooling, vector);
                vectors[batch.SourceIndices[row]] = vector;
            }
        }
        finally
        {
            foreach (var input in inputs) input?.Dispose();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType == typeof(ModelCard) ? Card
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
