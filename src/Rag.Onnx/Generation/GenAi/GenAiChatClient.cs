using Microsoft.Extensions.AI;

namespace Rag.Onnx.Generation;

/// <summary>ONNX Runtime GenAI as the service's <see cref="IChatClient"/>: the same chat template, streaming, stop
/// strings and token caps as our decoder's client (<see cref="OnnxChatClient"/>), with GenAI generating the tokens.</summary>
public sealed class GenAiChatClient(GenAiDecoder decoder, DecoderOptions options) : IChatClient
{
    private readonly OnnxChatClient _inner = new(decoder, options);

    public GenAiDecoder Decoder => decoder;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        _inner.GetResponseAsync(messages, chatOptions, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        _inner.GetStreamingResponseAsync(messages, chatOptions, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
