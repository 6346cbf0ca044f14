using System.Security.Cryptography;
using System.Text;

namespace Rag.Web.Access;

/// <summary>The UI calls the service's API over loopback on behalf of browsers. Its requests carry this process's random
/// token, so the service tells them from other loopback clients: a sign-in check names the browser's address, against
/// which a wrong key counts (see the service's failed-key throttle); the UI's other calls carry a key from the
/// encrypted session cookie, not a guess.</summary>
public sealed class UiForwarding
{
    public const string TokenHeader = "X-Rag-Ui-Token";
    public const string ClientHeader = "X-Rag-Ui-Client";

    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public bool IsOwn(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(Token));
}
