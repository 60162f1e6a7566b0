using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using MilvusPS.Core.Capabilities;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using Status = MilvusPS.Protocol.Status;

namespace MilvusPS.Core.Connection;

/// <summary>
/// An open connection to one Milvus server: the gRPC channel, the credentials and database sent with each
/// call, what the handshake learned about the server, and the one path every call takes (deadline,
/// retries, status check, error mapping).
/// </summary>
public sealed class MilvusConnection : IDisposable
{
    private static readonly string ClientVersion =
        typeof(MilvusConnection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly GrpcChannel _channel;
    private readonly MilvusService.MilvusServiceClient _client;
    private readonly MilvusConnectionOptions _options;
    private readonly ResiliencePipelineSet _retry;
    private Metadata _headers;
    private int _disposed;

    private MilvusConnection(MilvusConnectionOptions options)
    {
        _options = options;
        _channel = ChannelFactory.Create(options);
        _client = new MilvusService.MilvusServiceClient(_channel);
        _retry = new ResiliencePipelineSet(options.Retry);
        Database = string.IsNullOrEmpty(options.Database) ? DefaultDatabase : options.Database;
        _headers = BuildHeaders(options, Database, identifier: 0);
        EffectiveVersion = MilvusVersion.Newest;
        Capabilities = new ServerCapabilities(EffectiveVersion);
    }

    /// <summary>The database Milvus uses when none is named.</summary>
    public const string DefaultDatabase = "default";

    /// <summary>A name for this connection (defaults to the URI).</summary>
    public string Name => _options.Name ?? Uri.ToString().TrimEnd('/');

    public Uri Uri => _options.Uri;

    /// <summary>The database calls go to.</summary>
    public string Database { get; private set; }

    /// <summary>The user name given, or null for a token or no authentication.</summary>
    public string? User => _options.User ?? (_options.Token is { } t && t.Contains(':') ? t[..t.IndexOf(':')] : null);

    /// <summary>How the connection authenticates: None, Password or Token.</summary>
    public string Authentication => _options.User is not null ? "Password" : _options.Token is not null ? "Token" : "None";

    public bool IsTls => Uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>The server's version as it reported it (e.g. "v2.4.24" or "2.6.3").</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>The version capability checks go by: the parsed server version, or the newest known release when the server reports a development build.</summary>
    public MilvusVersion EffectiveVersion { get; private set; }

    /// <summary>The server-assigned client identifier from Connect (0 when the server has no Connect).</summary>
    public long Identifier { get; private set; }

    /// <summary>The deploy mode the server reported (STANDALONE, DISTRIBUTED), when it did.</summary>
    public string? DeployMode { get; private set; }

    /// <summary>Build details from the Connect handshake (tags, time, commit, Go version), when the server sent them.</summary>
    public IReadOnlyDictionary<string, string> ServerBuild { get; private set; } = new Dictionary<string, string>();

    public ServerCapabilities Capabilities { get; private set; }

    public DateTimeOffset ConnectedAt { get; private set; }

    /// <summary>The time limit for one call, retries included.</summary>
    public TimeSpan Timeout => _options.Timeout;

    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>Opens the channel and runs the handshake (Connect where the server has it, then GetVersion).</summary>
    public static async Task<MilvusConnection> OpenAsync(MilvusConnectionOptions options, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
        var connection = new MilvusConnection(options);
        try
        {
            await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sends later calls to another database (checked with the server first).</summary>
    public async Task UseDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        var previous = (Database, _headers);
        Database = string.IsNullOrEmpty(database) ? DefaultDatabase : database;
        _headers = BuildHeaders(_options, Database, Identifier);
        try
        {
            await HandshakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            (Database, _headers) = previous;
            throw;
        }
    }

    /// <summary>Asks the server for its version string.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("GetVersion", null, (c, o) => c.GetVersionAsync(new GetVersionRequest(), o),
            r => r.Status, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        return response.Version;
    }

    /// <summary>Runs CheckHealth and measures the round trip.</summary>
    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var response = await CallAsync("CheckHealth", null, (c, o) => c.CheckHealthAsync(new CheckHealthRequest(), o),
            r => r.Status, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        return new HealthReport(response.IsHealthy, response.Reasons.ToArray(), response.QuotaStates.Select(q => q.ToString()).ToArray(), watch.Elapsed);
    }

    /// <summary>Reads the state of the server's components (GetComponentStates).</summary>
    public async Task<IReadOnlyList<ComponentState>> GetComponentStatesAsync(CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("GetComponentStates", null, (c, o) => c.GetComponentStatesAsync(new GetComponentStatesRequest(), o),
            r => r.Status, Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
        var states = new List<ComponentState>();
        if (response.State is { } s) states.Add(new ComponentState(s.Role, s.NodeID, s.StateCode.ToString()));
        states.AddRange(response.SubcomponentStates.Select(c => new ComponentState(c.Role, c.NodeID, c.StateCode.ToString())));
        return states;
    }

    /// <summary>
    /// The one path for a unary Milvus call: per-call deadline (retries included), credentials and database
    /// headers, transient-failure retries with backoff, Status check, and errors mapped to MilvusException.
    /// Cancelling <paramref name="cancellationToken"/> throws OperationCanceledException.
    /// </summary>
    public async Task<TResponse> CallAsync<TResponse>(
        string operation,
        string? target,
        Func<MilvusService.MilvusServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        Func<TResponse, Status?> status,
        Idempotency idempotency,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(!IsOpen, this);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        var deadline = DateTime.UtcNow + _options.Timeout;
        MilvusException? last = null;
        try
        {
            return await _retry.For(idempotency).ExecuteAsync(async token =>
            {
                try
                {
                    var response = await call(_client, new CallOptions(_headers, deadline, token)).ResponseAsync.ConfigureAwait(false);
                    ErrorMapper.ThrowIfFailed(status(response), operation, target);
                    return response;
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw last = e.StatusCode == StatusCode.Cancelled && limit.IsCancellationRequested
                        ? TimedOut(operation, target, e)
                        : ErrorMapper.FromTransport(e, operation, target, Uri);
                }
                catch (MilvusException e)
                {
                    throw last = e;
                }
            }, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new OperationCanceledException($"{operation} was cancelled.", e, cancellationToken);
        }
        catch (OperationCanceledException e) when (limit.IsCancellationRequested)
        {
            // The time limit ran out during a backoff: report what kept failing, or the timeout itself.
            throw last?.Kind == MilvusErrorKind.Unavailable ? last : TimedOut(operation, target, e);
        }
    }

    private MilvusException TimedOut(string operation, string? target, Exception inner) =>
        new($"{operation}{(target is null ? "" : $" on '{target}'")} did not finish within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s at {Uri}. Raise -TimeoutSec if the server is slow, or check that it is reachable.",
            MilvusErrorKind.Timeout, "OperationTimeout", inner)
        {
            GrpcStatus = StatusCode.DeadlineExceeded,
            Operation = operation,
            Target = target ?? Uri.ToString(),
        };

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var request = new ConnectRequest
            {
                ClientInfo = new ClientInfo
                {
                    SdkType = "MilvusPS",
                    SdkVersion = ClientVersion,
                    LocalTime = DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
                    User = User ?? string.Empty,
                    Host = Environment.MachineName,
                },
            };
            var response = await CallAsync("Connect", Database, (c, o) => c.ConnectAsync(request, o), r => r.Status,
                Idempotency.Idempotent, cancellationToken).ConfigureAwait(false);
            Identifier = response.Identifier;
            _headers = BuildHeaders(_options, Database, Identifier);
            if (response.ServerInfo is { } info)
            {
                DeployMode = string.IsNullOrEmpty(info.DeployMode) ? null : info.DeployMode;
                ServerBuild = new Dictionary<string, string>
                {
                    ["BuildTags"] = info.BuildTags,
                    ["BuildTime"] = info.BuildTime,
                    ["GitCommit"] = info.GitCommit,
                    ["GoVersion"] = info.GoVersion,
                };
            }
        }
        catch (MilvusException e) when (e.GrpcStatus == StatusCode.Unimplemented)
        {
            // Servers before Connect existed: GetVersion below is the handshake.
        }
        ServerVersion = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        EffectiveVersion = MilvusVersion.TryParse(ServerVersion, out var v) && v.Major >= 2 ? v : MilvusVersion.Newest;
        Capabilities = new ServerCapabilities(EffectiveVersion);
        ConnectedAt = DateTimeOffset.Now;
    }

    private static Metadata BuildHeaders(MilvusConnectionOptions options, string database, long identifier)
    {
        var headers = new Metadata();
        var secret = options.Token ?? (options.User is null ? null : $"{options.User}:{options.Password}");
        if (secret is not null) headers.Add("authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        headers.Add("dbname", database);
        if (identifier != 0) headers.Add("identifier", identifier.ToString(CultureInfo.InvariantCulture));
        return headers;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _channel.Dispose();
    }

    public override string ToString() => $"{Name} ({Database})";

    /// <summary>One retry pipeline per idempotency class, built once per connection.</summary>
    private sealed class ResiliencePipelineSet(RetryOptions options)
    {
        private readonly Polly.ResiliencePipeline _idempotent = CallRetry.Create(options, Idempotency.Idempotent);
        private readonly Polly.ResiliencePipeline _notIdempotent = CallRetry.Create(options, Idempotency.NotIdempotent);

        public Polly.ResiliencePipeline For(Idempotency idempotency) =>
            idempotency == Idempotency.Idempotent ? _idempotent : _notIdempotent;
    }
}

/// <summary>The answer of CheckHealth, with the measured round trip.</summary>
public sealed record HealthReport(bool IsHealthy, IReadOnlyList<string> Reasons, IReadOnlyList<string> QuotaStates, TimeSpan Latency);

/// <summary>One server component's state (GetComponentStates).</summary>
public sealed record ComponentState(string Role, long NodeId, string State);
