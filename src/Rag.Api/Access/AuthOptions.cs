using System.ComponentModel.DataAnnotations;

namespace Rag.Api.Access;

/// <summary>Settings under Rag:Auth.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Rag:Auth";

    /// <summary>The shortest admin key accepted: a short key could be guessed, throttling or not.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>False turns every check off (everyone is admin); only for trusted, private set-ups.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The admin key. Empty: one is generated on first start into {DataDirectory}/admin-key.txt.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Failed key attempts per client address (see <see cref="KeyAttemptThrottle"/>).</summary>
    [Range(1, 100_000)] public int FailedAttemptsBurst { get; set; } = 10;

    /// <summary>How many more failed attempts an address earns per minute once its burst is spent.</summary>
    [Range(1, 100_000)] public int FailedAttemptsPerMinute { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdminKey) && AdminKey.Trim().Length < MinimumKeyLength)
            yield return new ValidationResult(TooShort("The admin key", AdminKey.Trim().Length) +
                " Or leave it empty to have one generated.", [nameof(AdminKey)]);
    }

    public static string TooShort(string what, int length) =>
        $"{what} has {length} characters; it must have at least {MinimumKeyLength} (e.g. from `openssl rand -base64 32`).";
}
