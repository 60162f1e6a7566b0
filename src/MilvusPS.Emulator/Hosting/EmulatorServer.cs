using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MilvusPS.Emulator.Faults;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Emulator.Interceptors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Emulator.Services;
using MilvusPS.Emulator.Versioning;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator;

/// <summary>
/// A running emulator: Kestrel serving MilvusService over HTTP/2 (cleartext with prior knowledge, or TLS).
/// Start it in-process with <see cref="StartAsync"/>; the CLI (Program) uses the same class.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly TlsMaterial? _tls;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _watchCancel = new();
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private bool _isStopped;

    private EmulatorServer(WebApplication app, EmulatorState state, TlsMaterial? tls, Uri uri, int port)
    {
        _app = app;
        _state = state;
        _tls = tls;
        Uri = uri;
        Port = port;
    }

    /// <summary>Where clients connect: http://127.0.0.1:PORT, or https://localhost:PORT with TLS.</summary>
    public Uri Uri { get; }

    /// <summary>The bound port (the free port picked when the options asked for 0).</summary>
    public int Port { get; }

    /// <summary>Test-only faults; configuring them throws unless the options enabled faults.</summary>
    public FaultInjector Faults => _state.Faults;

    /// <summary>The emulated Milvus version.</summary>
    public MilvusVersion MilvusVersion => _state.Profile.Version;

    /// <summary>Completes when the server has stopped (by <see cref="StopAsync"/> or because the parent process exited).</summary>
    internal Task Stopped => _stopped.Task;

    internal EmulatorState State => _state;

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));

        var profile = VersionProfile.Parse(options.MilvusVersion);
        ListenAddress.TryParse(options.Host, out var address);

        IPersistence persistence = options.DataPath is null
            ? new MemoryPersistence()
            : DataFolder.Open(options.DataPath, profile.Version.ToString());
        TlsMaterial? tls = null;
        WebApplication? app = null;
        try
        {
            tls = options.TlsCertificatePath is null ? null : TlsMaterial.Load(options.TlsCertificatePath, options.TlsKeyPath, options.TlsClientCaPath);
            var state = new EmulatorState(options, profile, persistence);
            app = Build(options, state, address, tls);
            await app.StartAsync(ct).ConfigureAwait(false);

            var port = BoundPort(app);
            var scheme = tls is null ? "http" : "https";
            var uri = new Uri($"{scheme}://{ListenAddress.DialHost(address, tls is not null)}:{port}");
            var server = new EmulatorServer(app, state, tls, uri, port);
            if (options.ParentProcessId is { } parent) server.WatchParent(parent);
            return server;
        }
        catch
        {
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            tls?.Dispose();
            persistence.Dispose();
            throw;
        }
    }

    private static WebApplication Build(EmulatorOptions options, EmulatorState state, IPAddress address, TlsMaterial? tls)
    {
        // The empty builder reads no appsettings.json and no ASPNETCORE_* variables: the options alone decide.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Logs go to stderr: stdout carries only the ready line the PowerShell module reads.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.Port, listen =>
            {
                if (tls is null)
                {
                    // gRPC over cleartext needs HTTP/2 with prior knowledge: no HTTP/1.1 upgrade dance.
                    listen.Protocols = HttpProtocols.Http2;
                    return;
                }
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = tls.ServerCertificate;
                    if (tls.ClientCa is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = tls.ValidateClientCertificate;
                    }
                });
            });
        });

        // The host must not take over Ctrl+C/SIGTERM of a process it merely lives in; Program handles signals.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc(grpc =>
        {
            // First added runs first. Faults play the network, so they come before everything.
            if (options.EnableFaults) grpc.Interceptors.Add<FaultInterceptor>();
            grpc.Interceptors.Add<VersionGateInterceptor>();
            grpc.Interceptors.Add<AuthenticationInterceptor>();
            grpc.Interceptors.Add<SessionInterceptor>();
            grpc.Interceptors.Add<ErrorTranslationInterceptor>();
            if (state.Checkpoints is not null) grpc.Interceptors.Add<CheckpointInterceptor>();
            // Milvus clients send and accept large messages (search results, inserts).
            grpc.MaxReceiveMessageSize = 512 * 1024 * 1024;
            grpc.MaxSendMessageSize = 512 * 1024 * 1024;
        });

        var app = builder.Build();
        app.MapGrpcService<MilvusServiceFacade>();
        return app;
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        return new Uri(first.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
    }

    private void WatchParent(int parentId)
    {
        var token = _watchCancel.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await ParentProcessWatcher.WaitForExitAsync(parentId, token).ConfigureAwait(false);
                await StopAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);
    }

    /// <summary>Stops listening and releases the data folder. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        await _stopGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_isStopped) return;
            _isStopped = true;
            await _watchCancel.CancelAsync().ConfigureAwait(false);
            // Release stalled calls so shutdown is not held up by a fault.
            _state.Faults.ReleaseStalls();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                try { await _app.StopAsync(timeout.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            await _app.DisposeAsync().ConfigureAwait(false);
            _tls?.Dispose();
            // Clean shutdown: snapshot the rows and the catalogue so the next start reads compact files, not whole logs.
            // If a snapshot fails, the previous one and its log still restore everything.
            if (_state.Checkpoints is { } checkpoints) await checkpoints.WaitIdleAsync().ConfigureAwait(false);
            try { _state.Data.WriteSnapshot(); }
            catch (IOException) { }
            try { _state.Persistence.WriteSnapshot(_state.Catalog.Snapshot()); }
            catch (IOException) { }
            _state.Persistence.Dispose();
        }
        finally
        {
            _stopGate.Release();
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _watchCancel.Dispose();
    }

    /// <summary>An <see cref="IHostLifetime"/> that neither waits for nor listens to anything.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
