namespace Rag.Api.Access;

/// <summary>Settings under Rag:Auth.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Rag:Auth";

    /// <summary>False turns every check off (everyone is admin); only for trusted, private set-ups.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The admin key. Empty: one is generated on first start into {DataDirectory}/admin-key.txt.</summary>
    public string? AdminKey { get; set; }
}
