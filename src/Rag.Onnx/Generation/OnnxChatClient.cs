using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Rag.Core.Errors;

namespace Rag.Onnx.Generation;

/// <summary>A local decoder (ours or ONNX Runtime GenAI, see <see cref="LocalLlmEngine"/>) as an <see cref="IChatClient"/>: renders the chat template, generates on a worker
/// thread and streams text as soon as each token completes a character; stops on end-of-turn ids or stop strings.</summary>
public sealed class OnnxChatClient(ILocalDecoder decoder, DecoderOptions options) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, chatOptions, cancellationToken)) updates.Add(update);
        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = decoder.Tokenizer.Encode(decoder.Template.Render(messages.Select(m => (m.Role.Value, m.Text))));
        if (prompt.Count >= decoder.ContextLength)
            throw new RequestRejectedException(RejectionReason.Invalid, "Prompt too long",
                $"The prompt has {prompt.Count} tokens; the model's context holds {decoder.ContextLength}. Ask with fewer sources (top).");
        var settings = Settings(chatOptions);
        var channel = Channel.CreateBounded<string>(64);
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var piece in Text(prompt, settings))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!channel.Writer.TryWrite(piece)) channel.Writer.WriteAsync(piece, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
                channel.Writer.Complete();
            }
            catch (Exception e) { channel.Writer.Complete(e); }
        }, cancellationToken);

        await foreach (var piece in channel.Reader.ReadAllAsync(cancellationToken))
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = ModelId };
        await producer;
    }

    /// <summary>Generated text in pieces; text after a stop string never comes out, and a possible start of one is
    /// held back until it is clear whether it completes.</summary>
    public IEnumerable<string> Text(IReadOnlyList<int> prompt, SamplingSettings settings)
    {
        var stops = (settings.StopStrings ?? []).Append(decoder.Template.EndOfTurn).Where(s => s.Length > 0).ToList();
        var text = new TokenTextStream(decoder.Tokenizer);
        var pending = "";
        foreach (var token in decoder.Generate(prompt, settings))
        {
            if (decoder.StopIds.Contains(token.Id)) break;
            pending += text.Append(token.Id);
            var stopAt = stops.Select(s => pending.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (stopAt >= 0)
            {
                if (stopAt > 0) yield return pending[..stopAt];
                yield break;
            }
            var safe = pending.Length - stops.Select(s => PartialSuffix(pending, s)).DefaultIfEmpty(0).Max();
            if (safe > 0) { yield return pending[..safe]; pending = pending[safe..]; }
        }
        if (pending.Length > 0) yield return pending;
    }

    private static int PartialSuffix(string text, string stop)
    {
        for (int n = Math.Min(stop.Length - 1, text.Length); n > 0; n--)
            if (text.AsSpan(text.Length - n).SequenceEqual(stop.AsSpan(0, n))) return n;
        return 0;
    }

    private SamplingSettings Settings(ChatOptions? o) => new(
        MaxNewTokens: o?.MaxOutputTokens ?? options.MaxNewTokens,
        Temperature: o?.Temperature ?? 0,
        TopP: o?.TopP ?? 1,
        TopK: o?.TopK ?? 0,
        Seed: o?.Seed is { } seed ? (int)seed : null,
        StopStrings: o?.StopSequences?.ToList());

    private string ModelId => Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelPath ?? ""));

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
