using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace MilvusPS.Emulator.Access;

/// <summary>
/// Users and their salted password hashes (PBKDF2-SHA256). Starts with the built-in <c>root</c>.
/// Passwords are never stored or logged in clear.
/// </summary>
public sealed class CredentialStore
{
    /// <summary>The built-in superuser (util.UserRoot).</summary>
    public const string RootUser = "root";
    /// <summary>Milvus's default root password (common.security.defaultRootPassword).</summary>
    public const string DefaultRootPassword = "Milvus";

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    // Modest on purpose: it is an emulator and tests authenticate on every call. A cache of verified
    // (user, password-hash) pairs keeps repeated checks cheap, as Milvus's sha256 cache does for bcrypt.
    private const int Iterations = 10_000;

    private readonly ConcurrentDictionary<string, StoredCredential> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    public CredentialStore(string rootPassword = DefaultRootPassword, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        _users[RootUser] = StoredCredential.Create(rootPassword, now);
    }

    public IReadOnlyCollection<string> Users => _users.Keys.OrderBy(u => u, StringComparer.Ordinal).ToArray();

    public bool Exists(string user) => _users.ContainsKey(user);

    /// <summary>Whether <paramref name="password"/> is the user's password. Unknown users simply fail.</summary>
    public bool Verify(string user, string password)
    {
        if (!_users.TryGetValue(user, out var stored)) return false;
        var quick = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(user, out var cached) && CryptographicOperations.FixedTimeEquals(cached, quick)) return true;
        if (!stored.Matches(password)) return false;
        _verified[user] = quick;
        return true;
    }

    /// <summary>Sets (or creates) a user's password; the RPC layer decides who may do it.</summary>
    public void SetPassword(string user, string password)
    {
        _users[user] = StoredCredential.Create(password, DateTimeOffset.UtcNow);
        _verified.TryRemove(user, out _);
    }

    private sealed record StoredCredential(byte[] Salt, byte[] Hash, DateTimeOffset Created)
    {
        public static StoredCredential Create(string password, DateTimeOffset created)
        {
            var salt = RandomNumberGenerator.GetBytes(SaltBytes);
            return new StoredCredential(salt, Derive(password, salt), created);
        }

        public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(Hash, Derive(password, Salt));

        private static byte[] Derive(string password, byte[] salt) =>
            Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
    }
}
