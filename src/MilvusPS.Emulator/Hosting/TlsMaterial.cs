using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MilvusPS.Emulator.Hosting;

/// <summary>The server certificate and, for mutual TLS, the CA client certificates must chain to.</summary>
internal sealed class TlsMaterial : IDisposable
{
    private TlsMaterial(X509Certificate2 serverCertificate, X509Certificate2Collection? clientCa)
    {
        ServerCertificate = serverCertificate;
        ClientCa = clientCa;
    }

    public X509Certificate2 ServerCertificate { get; }
    public X509Certificate2Collection? ClientCa { get; }

    public static TlsMaterial Load(string certificatePath, string? keyPath, string? clientCaPath)
    {
        X509Certificate2 certificate;
        if (keyPath is null && IsPkcs12(certificatePath))
        {
            certificate = new X509Certificate2(certificatePath, (string?)null, X509KeyStorageFlags.Exportable);
        }
        else
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Re-import: SslStream on Windows cannot use a PEM key that only lives in memory.
            certificate = new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"The TLS certificate '{certificatePath}' has no private key (give --tls-key).");
        }

        X509Certificate2Collection? ca = null;
        if (clientCaPath is not null)
        {
            ca = [];
            var text = File.ReadAllText(clientCaPath);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal)) ca.ImportFromPemFile(clientCaPath);
            else ca.Import(clientCaPath);
            if (ca.Count == 0) throw new InvalidOperationException($"No certificate found in the TLS client CA file '{clientCaPath}'.");
        }
        return new TlsMaterial(certificate, ca);
    }

    /// <summary>Whether a client certificate chains to the configured CA (mutual TLS).</summary>
    public bool ValidateClientCertificate(X509Certificate2 certificate, X509Chain? _, SslPolicyErrors __)
    {
        if (ClientCa is null) return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        if (ClientCa is not null) foreach (var c in ClientCa) c.Dispose();
    }

    private static bool IsPkcs12(string path)
    {
        var ext = Path.GetExtension(path);
        if (ext.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || ext.Equals(".p12", StringComparison.OrdinalIgnoreCase)) return true;
        // Otherwise sniff: PEM is text with a "-----BEGIN" line (possibly after openssl's "Bag Attributes").
        return !File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
