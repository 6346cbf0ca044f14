using Xunit.Abstractions;
using Xunit.Sdk;

namespace Rag.Testing.Hosting;

/// <summary>A fact that needs to mount a <see cref="Tmpfs"/>: skipped, with the reason shown, where mounting is not
/// allowed (not root); an ordinary fact otherwise.</summary>
[XunitTestCaseDiscoverer("Rag.Testing.Hosting.TmpfsFactDiscoverer", "Rag.Testing.Hosting")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmpfsFactAttribute : FactAttribute;

public sealed class TmpfsFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private static readonly Lazy<string?> CannotMount = new(Tmpfs.CannotMountReason);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        if (CannotMount.Value is { } reason)
            yield return new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason);
        else
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
    }
}
