using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rag.Testing.Hosting;

/// <summary>Keeps every log entry the service writes (add it with <c>services.AddSingleton&lt;ILoggerProvider&gt;</c>).</summary>
public sealed class LogRecorder : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> State);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            recorder._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception,
                values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.First().Value)));
        }
    }
}
