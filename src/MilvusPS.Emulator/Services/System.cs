using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Services;

// System area: version, health, component states, connect.
internal sealed partial class MilvusServiceFacade
{
    public override Task<GetVersionResponse> GetVersion(GetVersionRequest request, ServerCallContext context) =>
        Task.FromResult(new GetVersionResponse { Status = Ok(), Version = _state.Profile.VersionString });

    public override Task<CheckHealthResponse> CheckHealth(CheckHealthRequest request, ServerCallContext context) =>
        // Healthy: success, is_healthy, no reasons, no quota states (the emulator has no rate limiter).
        Task.FromResult(new CheckHealthResponse { Status = Ok(), IsHealthy = true });

    public override Task<ComponentStates> GetComponentStates(GetComponentStatesRequest request, ServerCallContext context) =>
        Task.FromResult(new ComponentStates
        {
            Status = Ok(),
            State = new ComponentInfo { NodeID = _state.NodeId, Role = "Proxy", StateCode = StateCode.Healthy },
        });

    public override Task<ConnectResponse> Connect(ConnectRequest request, ServerCallContext context)
    {
        var call = Call(context);
        if (!_state.Catalog.TryGetDatabase(call.Database, out _))
            return Fail<ConnectResponse>(MilvusError.DatabaseNotFound(call.Database));

        var identifier = (long)_state.Tso.AllocOne();
        _state.Clients.Register(identifier, request.ClientInfo, call.Database, call.User);
        return Task.FromResult(new ConnectResponse
        {
            Status = Ok(),
            Identifier = identifier,
            ServerInfo = BuildServerInfo(),
        });
    }

    private ServerInfo BuildServerInfo()
    {
        var info = new ServerInfo
        {
            BuildTags = _state.Profile.VersionString,
            BuildTime = BuildTime.Value,
            GitCommit = GitCommit.Value,
            // Milvus reports the Go toolchain here; we report ours in the same "go version <x> <os>/<arch>" shape.
            GoVersion = $"go version dotnet{Environment.Version} {GoOs()}/{GoArch()}",
            DeployMode = "STANDALONE",
        };
        info.Reserved["emulator"] = "MilvusPS";
        return info;
    }

    private static readonly Lazy<string> BuildTime = new(() =>
    {
        var location = typeof(MilvusServiceFacade).Assembly.Location;
        var built = !string.IsNullOrEmpty(location) && File.Exists(location) ? File.GetLastWriteTimeUtc(location) : DateTime.UtcNow;
        return FormatLikeDateU(built);
    });

    private static readonly Lazy<string> GitCommit = new(() =>
    {
        var informational = typeof(MilvusServiceFacade).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = informational?.IndexOf('+') ?? -1;
        if (plus < 0) return "emulator";
        var hash = informational![(plus + 1)..];
        return hash.Length > 10 ? hash[..10] : hash;
    });

    /// <summary>The output of <c>date -u</c> in the C locale, e.g. "Fri Jan 23 03:05:45 UTC 2026" (day space-padded).</summary>
    internal static string FormatLikeDateU(DateTime utc) =>
        string.Create(CultureInfo.InvariantCulture, $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss} UTC {utc:yyyy}");

    private static string GoOs() =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsLinux() ? "linux" : "unknown";

    private static string GoArch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };
}
