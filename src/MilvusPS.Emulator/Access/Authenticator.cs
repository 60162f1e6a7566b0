using System.Text;

namespace MilvusPS.Emulator.Access;

/// <summary>The outcome of checking a request's <c>authorization</c> metadata.</summary>
public readonly record struct AuthenticationResult(bool Succeeded, string? User, string? FailureMessage)
{
    public static AuthenticationResult Success(string user) => new(true, user, null);
    public static AuthenticationResult Failure(string message) => new(false, null, message);
}

/// <summary>
/// Checks the <c>authorization</c> metadata the way Milvus's authentication interceptor does:
/// base64 of <c>user:password</c>, or of an API key (no colon), which open-source Milvus cannot verify.
/// The texts are the exact ones Milvus sends with gRPC UNAUTHENTICATED.
/// </summary>
public sealed class Authenticator
{
    public const string AuthorizationHeader = "authorization";
    public const string MissingAuthorization = "missing authorization in header";
    public const string InvalidTokenFormat = "invalid token format";
    public const string PasswordCheckFailure = "auth check failure, please check username and password are correct";
    public const string ApiKeyCheckFailure = "auth check failure, please check api key is correct";

    private readonly CredentialStore _credentials;

    public Authenticator(CredentialStore credentials) => _credentials = credentials;

    /// <param name="authorization">The first <c>authorization</c> value, or null when the header is absent.</param>
    public AuthenticationResult Authenticate(string? authorization)
    {
        if (authorization is null) return AuthenticationResult.Failure(MissingAuthorization);
        if (!TryDecodeStandardBase64(authorization, out var raw)) return AuthenticationResult.Failure(InvalidTokenFormat);
        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            // An API key: the default (open-source) hook cannot verify any.
            return AuthenticationResult.Failure(ApiKeyCheckFailure);
        var user = raw[..colon];
        var password = raw[(colon + 1)..];
        return _credentials.Verify(user, password)
            ? AuthenticationResult.Success(user)
            : AuthenticationResult.Failure(PasswordCheckFailure);
    }

    /// <summary>Go's base64.StdEncoding: padded standard alphabet; only CR and LF are skipped.</summary>
    internal static bool TryDecodeStandardBase64(string text, out string decoded)
    {
        decoded = string.Empty;
        var cleaned = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (cleaned.Length % 4 != 0) return false;
        foreach (var c in cleaned)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return false;
        var buffer = new byte[cleaned.Length / 4 * 3];
        if (!Convert.TryFromBase64String(cleaned, buffer, out var written)) return false;
        decoded = Encoding.UTF8.GetString(buffer, 0, written);
        return true;
    }
}
