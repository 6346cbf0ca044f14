using System.Reflection;
using Rag.Contracts;
using Rag.Core.Answering;
using Rag.Core.Retrieval;
using Rag.Onnx.Models;

namespace Rag.Api.Tests;

/// <summary>The API's data shapes (Rag.Contracts) copy some domain records field by field: a field added to the domain
/// record must reach the contract, or clients never see it.</summary>
public sealed class ContractMappingTests
{
    public static TheoryData<Type, Type, string[]> Pairs => new()
    {
        { typeof(Relevance), typeof(RelevanceInfo), ["Passes"] },
        { typeof(RetrievalReport), typeof(RetrievalInfo), [] },
        { typeof(ModelCard), typeof(ModelCardInfo), [] },
        { typeof(LlmStatus), typeof(LlmStatusInfo), [] },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_contract_carries_every_field_of_the_domain_record(Type domain, Type contract, string[] notForClients)
    {
        Assert.Equal(PropertyNames(domain).Except(notForClients), PropertyNames(contract).Except(["Changing"]));
    }

    private static IEnumerable<string> PropertyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order();
}
