using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Rag.Onnx.Embedding;
using Rag.Onnx.Runtime;

namespace Rag.Bench;

/// <summary>session.Run alone, on inputs built before the clock starts: the ceiling for our path.</summary>
internal sealed class BareForwardPass : IDisposable
{
    private readonly OnnxSession _session;
    private readonly List<OrtValue[]> _inputs = [];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = ["last_hidden_state"];
    private readonly RunOptions _runOptions = new();

    public BareForwardPass(string onnxPath, IEnumerable<TokenBatch> batches, int threads, string provider)
    {
        _session = OnnxSessionFactory.Create(onnxPath, provider, 0, threads, NullLogger.Instance);
        string[] known = ["input_ids", "attention_mask", "token_type_ids"];
        _inputNames = known.Where(_session.Session.InputMetadata.ContainsKey).ToArray();
        foreach (var batch in batches)
        {
            _inputs.Add(_inputNames.Select(name => OrtValue.CreateTensorValueFromMemory(name switch
            {
                "input_ids" => batch.InputIds,
                "attention_mask" => batch.AttentionMask,
                _ => batch.TokenTypeIds,
            }, batch.Shape)).ToArray());
        }
    }

    public void Forward(int batch)
    {
        using var outputs = _session.Session.Run(_runOptions, _inputNames, _inputs[batch], _outputNames);
    }

    public void Dispose()
    {
        foreach (var value in _inputs.SelectMany(i => i)) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
