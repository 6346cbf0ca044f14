using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Rag.Infrastructure.Tests.Vectors.Contract;

/// <summary>A test of the vector index contract: skipped, with the reason shown, when the test class needs an
/// environment variable (<see cref="RequiresEnvironmentAttribute"/>) that is not set; an ordinary fact otherwise.</summary>
[XunitTestCaseDiscoverer("Rag.Infrastructure.Tests.Vectors.Contract.ContractFactDiscoverer", "Rag.Infrastructure.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>The implementation under test lives outside this process and is reached through this variable.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable, string reason) : Attribute
{
    public string Variable { get; } = variable;
    public string Reason { get; } = reason;
}

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requirement = testMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<RequiresEnvironmentAttribute>();
        if (requirement is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(requirement.Variable)))
            yield return new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod,
                $"{requirement.Variable} is not set: {requirement.Reason}");
        else
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod);
    }
}
