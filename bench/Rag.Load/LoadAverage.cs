using System.Globalization;

namespace Rag.Load;

/// <summary>Samples the machine's 1-minute load average (Linux /proc/loadavg) every two seconds during the run.</summary>
public sealed class LoadAverage
{
    private const string Source = "/proc/loadavg";
    private readonly List<double> _samples = [];

    public double Max => _samples.DefaultIfEmpty(double.NaN).Max();

    public async Task SampleAsync(CancellationToken stop)
    {
        if (!File.Exists(Source)) return;
        while (!stop.IsCancellationRequested)
        {
            _samples.Add(double.Parse(File.ReadAllText(Source).Split(' ')[0], CultureInfo.InvariantCulture));
            await Task.Delay(TimeSpan.FromSeconds(2), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
