using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using MilvusPS.Protocol;
using MilvusPS.TestSupport;

namespace MilvusPS.Emulator.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static X509Certificate2 CreateCa(string name) => TestCertificates.CreateCa(name);

    private static X509Certificate2 IssueClientCertificate(X509Certificate2 ca) => TestCertificates.IssueClientCertificate(ca);

    private (string Cert, string Key) WritePem(X509Certificate2 certificate, string name) => _certificates.WritePem(certificate, name);

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
