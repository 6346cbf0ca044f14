namespace Rag.Web.State;

/// <summary>The collection the person is working in, shared by the pages of one browser connection.</summary>
public sealed class CollectionSelection
{
    public string? Current { get; private set; }

    public event Action? Changed;

    public void Select(string? name)
    {
        if (name == Current) return;
        Current = name;
        Changed?.Invoke();
    }
}
