namespace Rag.Core.Access;

/// <summary>The rights of whoever the current request comes from; the host fills it per request from the
/// authenticated API key.</summary>
public interface ICallerAccess
{
    CallerAccess Current { get; }
}

