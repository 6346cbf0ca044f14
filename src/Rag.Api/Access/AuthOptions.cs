using System.ComponentModel.DataAnnotations;
using System.Net;

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

    /// <summary>Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or networks
    /// ("10.0.0.0/8"), separated by commas. Empty: the headers are ignored and the client address is the connection's.</summary>
    public string? TrustedProxies { get; set; }

    /// <summary>The trusted proxies as networks (an address is a network of one); entries that are neither are left
    /// out here and stop the start in <see cref="Validate"/>.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxyNetworks()
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in ProxyEntries())
        {
            if (IPAddress.TryParse(entry, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
        }
        return networks;
    }

    private IEnumerable<string> ProxyEntries() =>
        (TrustedProxies ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in ProxyEntries().Where(e => !IPAddress.TryParse(e, out _) && !IPNetwork.TryParse(e, out _)))
            yield return new ValidationResult($"'{entry}' is neither an IP address nor a network such as 10.0.0.0/8.", [nameof(TrustedProxies)]);
        if (!string.IsNullOrWhiteSpace(AdminKey) && AdminKey.Trim().Length < MinimumKeyLength)
            yield return new ValidationResult(TooShort("The admin key", AdminKey.Trim().Length) +
                " Or leave it empty to have one generated.", [nameof(AdminKey)]);
    }

    public static string TooShort(string what, int length) =>
        $"{what} has {length} characters; it must have at least {MinimumKeyLength} (e.g. from `openssl rand -base64 32`).";
}
