using System.Diagnostics;
using Grpc.Core;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Emulator;
using MilvusPS.Protocol;
using MilvusPS.TestSupport;

namespace MilvusPS.Core.Tests.Connection;

/// <summary>The driver core's connection against the shared endpoint (emulator, Testcontainers or MILVUS_URI).</summary>
public class MilvusConnectionTests
{
    private static MilvusConnectionOptions OptionsFor(MilvusEndpoint endpoint, Action<MilvusConnectionOptionsBuilder>? tweak = null)
    {
        var b = new MilvusConnectionOptionsBuilder { Uri = endpoint.Uri, User = endpoint.User, Password = endpoint.Password };
        tweak?.Invoke(b);
        return b.Build();
    }

    [Fact]
    public async Task TheHandshakeLearnsVersionIdentifierAndCapabilities()
    {
        var endpoint = await Endpoints.DefaultAsync();
        using var connection = await MilvusConnection.OpenAsync(OptionsFor(endpoint));
        Assert.True(connection.IsOpen);
        Assert.Equal("default", connection.Database);
        Assert.False(string.IsNullOrEmpty(connection.ServerVersion));
        Assert.True(connection.EffectiveVersion.Major >= 2);
        Assert.True(connection.Identifier > 0);
        // The identifier is a hybrid timestamp: its physical part (ms) is close to now.
        var physical = DateTimeOffset.FromUnixTimeMilliseconds(connection.Identifier >> 18);
        Assert.True((DateTimeOffset.UtcNow - physical).Duration() < TimeSpan.FromDays(1), $"identifier {connection.Identifier} is not a hybrid timestamp");
        Assert.Contains(connection.DeployMode, new[] { "STANDALONE", "DISTRIBUTED" });
        Assert.True(connection.Capabilities.Supports("Databases"));

        var health = await connection.CheckHealthAsync();
        Assert.True(health.IsHealthy);
        Assert.Empty(health.Reasons);
        var components = await connection.GetComponentStatesAsync();
        Assert.Contains(components, c => c.Role == "Proxy" && c.State == "Healthy");
    }

    [Fact]
    public async Task AnUnknownDatabaseFailsTheHandshakeWithCode800()
    {
        var endpoint = await Endpoints.DefaultAsync();
        var e = await Assert.ThrowsAsync<MilvusException>(() => MilvusConnection.OpenAsync(OptionsFor(endpoint, b => b.Database = "nope_db_4711")));
        Assert.Equal(800, e.MilvusCode);
        Assert.Equal("DatabaseNotFound", e.ErrorId);
        Assert.Equal(MilvusErrorKind.NotFound, e.Kind);
        Assert.Equal("Connect", e.Operation);
        Assert.Equal("database not found[database=nope_db_4711]", e.Reason);
    }

    [SkippableFact]
    public async Task WrongCredentialsAreUnauthenticatedAndNotRetried()
    {
        var endpoint = await Endpoints.AuthenticatedAsync();
        Skip.If(endpoint is null, "No server with authentication in this environment.");
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<MilvusException>(() => MilvusConnection.OpenAsync(OptionsFor(endpoint!, b => b.Password = "wrong")));
        Assert.Equal(MilvusErrorKind.Unauthenticated, e.Kind);
        Assert.Equal("AuthenticationFailed", e.ErrorId);
        Assert.Equal(StatusCode.Unauthenticated, e.GrpcStatus);
        Assert.Contains("auth check failure", e.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "an auth failure must not be retried with backoff");
    }

    [Fact]
    public async Task AnUnreachableServerIsUnavailableAfterBoundedRetries()
    {
        var port = FreePort();
        var options = new MilvusConnectionOptionsBuilder { Uri = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) }.Build();
        var e = await Assert.ThrowsAsync<MilvusException>(() => MilvusConnection.OpenAsync(options));
        Assert.Equal(MilvusErrorKind.Unavailable, e.Kind);
        Assert.Equal("ServerUnavailable", e.ErrorId);
        Assert.Contains("ConnectionRefused", e.Message);
    }

    [SkippableFact]
    public async Task TransientFailuresAreRetriedAndPermanentOnesAreNot()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs the emulator's fault injection.");
        await using var emulator = await Endpoints.StartEmulatorAsync();
        using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptionsBuilder
        {
            Uri = emulator.Uri,
            Retry = new RetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10) },
        }.Build());
        var before = emulator.Faults.CallCount("GetVersion");

        emulator.Faults.FailNext("GetVersion", 2, StatusCode.Unavailable);
        Assert.Equal("2.6.22", await connection.GetVersionAsync());
        Assert.Equal(before + 3, emulator.Faults.CallCount("GetVersion"));

        emulator.Faults.FailNext("GetVersion", 1, 8); // Milvus rate limit inside a Status
        Assert.Equal("2.6.22", await connection.GetVersionAsync());
        Assert.Equal(before + 5, emulator.Faults.CallCount("GetVersion"));

        emulator.Faults.FailNext("GetVersion", 1, 1100);
        var invalid = await Assert.ThrowsAsync<MilvusException>(() => connection.GetVersionAsync());
        Assert.Equal("ParameterInvalid", invalid.ErrorId);
        Assert.Equal(before + 6, emulator.Faults.CallCount("GetVersion"));

        // A call that is not idempotent is not repeated once it may have reached the server.
        emulator.Faults.FailNext("GetVersion", 1, StatusCode.Unavailable);
        var e = await Assert.ThrowsAsync<MilvusException>(() => connection.CallAsync("GetVersion", null,
            (c, o) => c.GetVersionAsync(new GetVersionRequest(), o), r => r.Status, Idempotency.NotIdempotent, CancellationToken.None));
        Assert.Equal(MilvusErrorKind.Unavailable, e.Kind);
        Assert.Equal(before + 7, emulator.Faults.CallCount("GetVersion"));

        // Retries stop after MaxRetries.
        emulator.Faults.FailNext("GetVersion", 10, StatusCode.Unavailable);
        await Assert.ThrowsAsync<MilvusException>(() => connection.GetVersionAsync());
        Assert.Equal(before + 11, emulator.Faults.CallCount("GetVersion"));
        emulator.Faults.Reset();
    }

    [SkippableFact]
    public async Task ASlowCallTimesOutAndCancellationIsPrompt()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs the emulator's fault injection.");
        await using var emulator = await Endpoints.StartEmulatorAsync();
        // A limit long enough for a cold first call on a loaded machine, far shorter than the injected latency.
        using var connection = await MilvusConnection.OpenAsync(new MilvusConnectionOptionsBuilder { Uri = emulator.Uri, Timeout = TimeSpan.FromSeconds(5) }.Build());
        emulator.Faults.AddLatency("CheckHealth", TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<MilvusException>(() => connection.CheckHealthAsync());
        Assert.Equal(MilvusErrorKind.Timeout, timeout.Kind);
        Assert.Equal("OperationTimeout", timeout.ErrorId);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.CheckHealthAsync(cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [SkippableFact]
    public async Task TlsWithAServerCaAndMutualTls()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs an emulator with our own certificates.");
        using var certs = new TestCertificates();
        using var ca = TestCertificates.CreateCa("localhost");
        var (cert, key) = certs.WritePem(ca, "server");
        using var client = TestCertificates.IssueClientCertificate(ca);
        var (clientCert, clientKey) = certs.WritePem(client, "client");
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, TlsCertificatePath = cert, TlsKeyPath = key, TlsClientCaPath = cert });

        using var ok = await MilvusConnection.OpenAsync(new MilvusConnectionOptionsBuilder
        {
            Uri = emulator.Uri, ServerCaPath = cert, ClientCertificatePath = clientCert, ClientKeyPath = clientKey,
        }.Build());
        Assert.True(ok.IsTls);
        Assert.Equal("2.6.22", ok.ServerVersion);

        // Without the client certificate the server refuses the handshake.
        var noClient = new MilvusConnectionOptionsBuilder { Uri = emulator.Uri, ServerCaPath = cert, Timeout = TimeSpan.FromSeconds(5), Retry = RetryOptions.None }.Build();
        await Assert.ThrowsAsync<MilvusException>(() => MilvusConnection.OpenAsync(noClient));

        // Without trusting the server's CA, neither.
        var untrusted = new MilvusConnectionOptionsBuilder { Uri = emulator.Uri, ClientCertificatePath = clientCert, ClientKeyPath = clientKey, Timeout = TimeSpan.FromSeconds(5), Retry = RetryOptions.None }.Build();
        var e = await Assert.ThrowsAsync<MilvusException>(() => MilvusConnection.OpenAsync(untrusted));
        Assert.Equal(MilvusErrorKind.Unavailable, e.Kind);
        Assert.Equal("TlsHandshakeFailed", e.ErrorId);
        Assert.Contains("-ServerCaPath", e.Message);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:19530/")]
    [InlineData("localhost:1234", "http://localhost:1234/")]
    [InlineData("http://10.0.0.1", "http://10.0.0.1:19530/")]
    [InlineData("https://milvus.example.com", "https://milvus.example.com:19530/")]
    [InlineData("https://milvus.example.com:443", "https://milvus.example.com/")]
    [InlineData("tcp://db:19531", "http://db:19531/")]
    public void UrisAreNormalised(string text, string expected) =>
        Assert.Equal(expected, MilvusConnectionOptions.ParseUri(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("ftp://x")]
    [InlineData("http://x:1/path")]
    public void BadUrisAreRejected(string text) => Assert.Throws<ArgumentException>(() => MilvusConnectionOptions.ParseUri(text));

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Mutable stand-in for the init-only options, so tests can tweak one field.</summary>
public sealed class MilvusConnectionOptionsBuilder
{
    public required Uri Uri { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string? Database { get; set; }
    public string? ServerCaPath { get; set; }
    public string? ClientCertificatePath { get; set; }
    public string? ClientKeyPath { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    public RetryOptions Retry { get; set; } = new();

    public MilvusConnectionOptions Build() => new()
    {
        Uri = Uri, User = User, Password = Password, Database = Database, ServerCaPath = ServerCaPath,
        ClientCertificatePath = ClientCertificatePath, ClientKeyPath = ClientKeyPath, Timeout = Timeout, Retry = Retry,
    };
}
