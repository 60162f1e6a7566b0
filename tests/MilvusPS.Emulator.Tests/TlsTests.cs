using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("milvusps-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 IssueClientCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=milvusps-test-client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), new DateTimeOffset(ca.NotAfter.ToUniversalTime()).AddMinutes(-1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private (string Cert, string Key) WritePem(X509Certificate2 certificate, string name)
    {
        var certPath = Path.Combine(_folder, name + ".crt");
        var keyPath = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private static HttpClientHandler TrustOnly(X509Certificate2 ca) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };

    [Fact]
    public async Task GetVersion_over_tls_with_the_ca_trusted()
    {
        using var serverCert = CreateCa("localhost");
        var (cert, key) = WritePem(serverCert, "server");
        await using var server = await TestEmulator.StartAsync(o => { o.TlsCertificatePath = cert; o.TlsKeyPath = key; });

        Assert.Equal("https", server.Uri.Scheme);
        Assert.Equal("localhost", server.Uri.Host);
        using var channel = TestEmulator.Channel(server, TrustOnly(serverCert));
        var response = await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest());
        Assert.Equal("2.6.22", response.Version);

        // Without trusting it, the handshake fails: the certificate really is what is served.
        using var untrusting = TestEmulator.Channel(server, new HttpClientHandler());
        var e = await Assert.ThrowsAsync<RpcException>(async () => await TestEmulator.Client(untrusting).GetVersionAsync(new GetVersionRequest()));
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
        Assert.True(HasInChain<System.Security.Authentication.AuthenticationException>(e.Status.DebugException), e.ToString());
    }

    private static bool HasInChain<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException) if (e is T) return true;
        return false;
    }

    [Fact]
    public async Task Mutual_tls_requires_a_client_certificate_from_the_ca()
    {
        using var ca = CreateCa("localhost");
        var (cert, key) = WritePem(ca, "server");
        await using var server = await TestEmulator.StartAsync(o => { o.TlsCertificatePath = cert; o.TlsKeyPath = key; o.TlsClientCaPath = cert; });

        using var anonymous = TestEmulator.Channel(server, TrustOnly(ca));
        await Assert.ThrowsAsync<RpcException>(async () => await TestEmulator.Client(anonymous).GetVersionAsync(new GetVersionRequest()));

        using var otherCa = CreateCa("someone-else");
        using var stranger = IssueClientCertificate(otherCa);
        var strangerHandler = TrustOnly(ca);
        strangerHandler.ClientCertificates.Add(stranger);
        using var strangerChannel = TestEmulator.Channel(server, strangerHandler);
        await Assert.ThrowsAsync<RpcException>(async () => await TestEmulator.Client(strangerChannel).GetVersionAsync(new GetVersionRequest()));

        using var clientCert = IssueClientCertificate(ca);
        var handler = TrustOnly(ca);
        handler.ClientCertificates.Add(clientCert);
        using var channel = TestEmulator.Channel(server, handler);
        Assert.Equal("2.6.22", (await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest())).Version);
    }
}
