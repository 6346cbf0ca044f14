namespace Rag.Infrastructure.Extraction;

/// <summary>Runs work on its own thread with a chosen stack size, and stops waiting for it when cancelled.</summary>
internal static class DedicatedThread
{
    /// <remarks>On cancellation the caller is released at once; the work is expected to notice the same token
    /// and stop soon after. A .NET thread cannot be aborted, so work stuck inside one call keeps running.</remarks>
    public static Task<T> RunAsync<T>(Func<T> work, int maxStackSize, string name, CancellationToken cancellationToken)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                outcome.SetResult(work());
            }
            catch (Exception e)
            {
                outcome.SetException(e);
            }
        }, maxStackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return outcome.Task.WaitAsync(cancellationToken);
    }
}
