using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using MilvusPS.Emulator;

namespace MilvusPS.TestSupport;

/// <summary>A Milvus server the tests talk to, with the credentials it needs (null when it has no authentication).</summary>
public sealed record MilvusEndpoint(Uri Uri, string? User, string? Password, string Kind)
{
    public bool RequiresAuthentication => User is not null;
}

/// <summary>
/// The endpoints every suite shares, chosen once per test process:
///  1. MILVUS_URI (with MILVUS_USER / MILVUS_PASSWORD when that server has authentication on);
///  2. else, with MILVUSPS_TESTCONTAINERS=1, a real Milvus standalone in Docker (image tag from MILVUS_VERSION);
///  3. else the in-process emulator on a free loopback port.
/// One suite, several endpoints: a test that holds only on the emulator is a bug in the test or the emulator.
/// </summary>
public static class Endpoints
{
    private static readonly Lazy<Task<MilvusEndpoint>> DefaultEndpoint = new(CreateDefaultAsync);
    private static readonly Lazy<Task<MilvusEndpoint?>> AuthEndpoint = new(CreateAuthenticatedAsync);
    private static readonly List<IAsyncDisposable> Owned = [];

    static Endpoints()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Owned)
                foreach (var d in Owned) d.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        };
    }

    /// <summary>"emulator", "external" or "testcontainers".</summary>
    public static string Mode =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MILVUS_URI")) ? "external"
        : Environment.GetEnvironmentVariable("MILVUSPS_TESTCONTAINERS") == "1" ? "testcontainers"
        : "emulator";

    public static bool IsEmulator => Mode == "emulator";

    /// <summary>The shared server.</summary>
    public static Task<MilvusEndpoint> DefaultAsync() => DefaultEndpoint.Value;

    /// <summary>A shared server with authentication on (root / its password), or null when the environment has none.</summary>
    public static Task<MilvusEndpoint?> AuthenticatedAsync() => AuthEndpoint.Value;

    /// <summary>A private emulator for tests that need faults or a particular profile. Only in emulator mode.</summary>
    public static async Task<EmulatorServer> StartEmulatorAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Port = 0, EnableFaults = true };
        configure?.Invoke(options);
        return await EmulatorServer.StartAsync(options).ConfigureAwait(false);
    }

    private static async Task<MilvusEndpoint> CreateDefaultAsync()
    {
        switch (Mode)
        {
            case "external":
                return new MilvusEndpoint(new Uri(Environment.GetEnvironmentVariable("MILVUS_URI")!),
                    NullIfEmpty(Environment.GetEnvironmentVariable("MILVUS_USER")),
                    NullIfEmpty(Environment.GetEnvironmentVariable("MILVUS_PASSWORD")), "external");
            case "testcontainers":
                return await MilvusContainer.StartAsync().ConfigureAwait(false);
            default:
                var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 }).ConfigureAwait(false);
                lock (Owned) Owned.Add(emulator);
                return new MilvusEndpoint(emulator.Uri, null, null, "emulator");
        }
    }

    private static async Task<MilvusEndpoint?> CreateAuthenticatedAsync()
    {
        if (!IsEmulator)
        {
            // The container runs with authentication on; an external server only when credentials were given.
            var endpoint = await DefaultAsync().ConfigureAwait(false);
            return endpoint.RequiresAuthentication ? endpoint : null;
        }
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, AuthorizationEnabled = true }).ConfigureAwait(false);
        lock (Owned) Owned.Add(emulator);
        return new MilvusEndpoint(emulator.Uri, "root", "Milvus", "emulator");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>A real Milvus standalone (embedded etcd, local storage, authentication on) in Docker.</summary>
    private static class MilvusContainer
    {
        private const string EmbedEtcd = """
            listen-client-urls: http://0.0.0.0:2379
            advertise-client-urls: http://0.0.0.0:2379
            quota-backend-bytes: 4294967296
            auto-compaction-mode: revision
            auto-compaction-retention: '1000'
            """;

        private const string UserConfig = """
            common:
              security:
                authorizationEnabled: true
            """;

        public static async Task<MilvusEndpoint> StartAsync()
        {
            var tag = Environment.GetEnvironmentVariable("MILVUS_VERSION") is { Length: > 0 } v ? v : "v2.6.6";
            IContainer container = new ContainerBuilder($"milvusdb/milvus:{tag}")
                .WithCommand("milvus", "run", "standalone")
                .WithEnvironment("ETCD_USE_EMBED", "true")
                .WithEnvironment("ETCD_DATA_DIR", "/var/lib/milvus/etcd")
                .WithEnvironment("ETCD_CONFIG_PATH", "/milvus/configs/embedEtcd.yaml")
                .WithEnvironment("COMMON_STORAGETYPE", "local")
                .WithEnvironment("DEPLOY_MODE", "STANDALONE")
                .WithResourceMapping(System.Text.Encoding.UTF8.GetBytes(EmbedEtcd), "/milvus/configs/embedEtcd.yaml")
                .WithResourceMapping(System.Text.Encoding.UTF8.GetBytes(UserConfig), "/milvus/configs/user.yaml")
                .WithPortBinding(19530, true)
                .WithPortBinding(9091, true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(9091).ForPath("/healthz")))
                .Build();
            await container.StartAsync().ConfigureAwait(false);
            lock (Owned) Owned.Add(container);
            var uri = new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(19530)}");
            return new MilvusEndpoint(uri, "root", "Milvus", "testcontainers");
        }
    }
}
