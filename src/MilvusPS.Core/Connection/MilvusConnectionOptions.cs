namespace MilvusPS.Core.Connection;

/// <summary>Everything needed to open a connection to a Milvus server.</summary>
public sealed class MilvusConnectionOptions
{
    /// <summary>Milvus's standard port.</summary>
    public const int DefaultPort = 19530;

    /// <summary>http://host:port or https://host:port. A bare host:port means http.</summary>
    public required Uri Uri { get; init; }

    /// <summary>User name for user+password authentication.</summary>
    public string? User { get; init; }

    /// <summary>Password for user+password authentication.</summary>
    public string? Password { get; init; }

    /// <summary>A token (an API key, or "user:password") sent instead of user+password.</summary>
    public string? Token { get; init; }

    /// <summary>The database calls go to (the dbname metadata); null or empty means Milvus's "default".</summary>
    public string? Database { get; init; }

    /// <summary>PEM or DER file of the CA that signed the server's certificate (when it is not in the system store).</summary>
    public string? ServerCaPath { get; init; }

    /// <summary>Client certificate (PEM or PFX) for mutual TLS.</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>The client certificate's private key (PEM), when not inside the certificate file.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>Name to check the server certificate against, when it differs from the URI's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>Skip server certificate validation (test servers only).</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>Time limit for one call, retries included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How transient failures are retried.</summary>
    public Resilience.RetryOptions Retry { get; init; } = new();

    /// <summary>A name shown in Get-MilvusConnection; defaults to the URI.</summary>
    public string? Name { get; init; }

    /// <summary>The problems with these options (TLS settings on a cleartext address, a timeout of zero), empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Uri.Scheme != Uri.UriSchemeHttps)
        {
            var tls = new (string Name, bool Set)[]
            {
                ("-ServerCaPath", ServerCaPath is not null), ("-ClientCertificatePath", ClientCertificatePath is not null),
                ("-ClientKeyPath", ClientKeyPath is not null), ("-ServerName", ServerName is not null), ("-SkipCertificateCheck", SkipCertificateCheck),
            }.Where(t => t.Set).Select(t => t.Name).ToList();
            if (tls.Count > 0) problems.Add($"{string.Join(", ", tls)} need an https:// address; '{Uri}' is cleartext.");
        }
        if (ClientKeyPath is not null && ClientCertificatePath is null) problems.Add("-ClientKeyPath needs -ClientCertificatePath.");
        if (User is not null && Token is not null) problems.Add("Give either a user and password or a token, not both.");
        if (Timeout <= TimeSpan.Zero) problems.Add("The timeout must be positive.");
        return problems;
    }

    /// <summary>Parses "host", "host:port", "http://host:port" or "https://host:port"; fills Milvus's default port.</summary>
    public static Uri ParseUri(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The server URI is empty.");
        var s = text.Trim();
        if (!s.Contains("://", StringComparison.Ordinal)) s = "http://" + s;
        if (s.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)) s = "http://" + s[6..];
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{text}' is not a Milvus server address. Use http://host:port or https://host:port.");
        if (uri.AbsolutePath is not ("/" or "")) throw new ArgumentException($"'{text}' has a path; a Milvus gRPC address is just scheme, host and port.");
        var explicitPort = text.Contains(':' + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var builder = new UriBuilder(uri.Scheme, uri.Host, explicitPort ? uri.Port : DefaultPort);
        return builder.Uri;
    }
}
