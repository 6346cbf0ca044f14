using Rag.Core.Retrieval;
using Rag.Infrastructure.Vectors;

namespace Rag.Infrastructure.Tests.Vectors.Contract;

public sealed class EmbeddedVectorIndexContractTests : VectorIndexContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected override IVectorIndex CreateIndex() => new EmbeddedVectorIndex(_directory.Path, VectorTestData.Dimension, VectorTestData.SmallSegments);

    public void Dispose() => _directory.Dispose();
}
