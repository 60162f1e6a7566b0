using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace MilvusPS.Core.Connection;

/// <summary>Builds the gRPC channel: HTTP/2 (cleartext or TLS), server CA, client certificate, server name override.</summary>
internal static class ChannelFactory
{
    // Milvus accepts requests up to its proxy's grpc.serverMaxRecvSize (default 256 MB on 2.4+; insert
    // batching keeps under it). Responses such as large query pages can be big too.
    private const int MaxMessageBytes = 512 * 1024 * 1024;

    public static GrpcChannel Create(MilvusConnectionOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.Uri.Scheme == Uri.UriSchemeHttps)
            handler.SslOptions = BuildTls(options);

        return GrpcChannel.ForAddress(options.Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
    }

    private static SslClientAuthenticationOptions BuildTls(MilvusConnectionOptions options)
    {
        var ca = options.ServerCaPath is null ? null : LoadCertificate(options.ServerCaPath);
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = options.ServerName ?? options.Uri.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                options.SkipCertificateCheck || errors == SslPolicyErrors.None || TrustedByCustomCa(certificate, errors, ca),
        };
        if (options.ClientCertificatePath is not null)
            tls.ClientCertificates = [LoadClientCertificate(options.ClientCertificatePath, options.ClientKeyPath)];
        return tls;
    }

    /// <summary>A chain error is forgiven only when the chain builds to the CA the user named; a name mismatch never is.</summary>
    private static bool TrustedByCustomCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? ca)
    {
        if (ca is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    internal static X509Certificate2 LoadCertificate(string path)
    {
        var text = ReadFile(path, "server CA");
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : new X509Certificate2(File.ReadAllBytes(path));
    }

    private static X509Certificate2 LoadClientCertificate(string certPath, string? keyPath)
    {
        var text = ReadFile(certPath, "client certificate");
        X509Certificate2 cert;
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            cert = keyPath is null ? X509Certificate2.CreateFromPemFile(certPath) : X509Certificate2.CreateFromPemFile(certPath, keyPath);
        else
            return new X509Certificate2(File.ReadAllBytes(certPath));
        // SslStream on Windows cannot use an ephemeral PEM key; a PKCS#12 round trip gives it a usable one.
        using (cert) return new X509Certificate2(cert.Export(X509ContentType.Pkcs12));
    }

    private static string ReadFile(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The {what} file '{path}' does not exist.", path);
        return File.ReadAllText(path);
    }
}
