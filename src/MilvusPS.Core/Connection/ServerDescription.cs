using MilvusPS.Core.Capabilities;

namespace MilvusPS.Core.Connection;

/// <summary>What Get-MilvusServer shows: version, deploy mode, build, health, components and capabilities.</summary>
public sealed class MilvusServerInfo
{
    public required Uri Uri { get; init; }
    /// <summary>The version as the server reports it.</summary>
    public required string Version { get; init; }
    /// <summary>The release line the capability table is judged by, e.g. 2.6.</summary>
    public required string Line { get; init; }
    public string? DeployMode { get; init; }
    public bool IsHealthy { get; init; }
    public IReadOnlyList<string> HealthReasons { get; init; } = [];
    public IReadOnlyDictionary<string, string> Build { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ComponentState> Components { get; init; } = [];
    public IReadOnlyList<MilvusFeature> Capabilities { get; init; } = [];

    /// <summary>The names of the features this server supports.</summary>
    public IReadOnlyList<string> SupportedFeatures => Capabilities.Where(c => c.Supported).Select(c => c.Name).ToList();

    public static async Task<MilvusServerInfo> DescribeAsync(MilvusConnection connection, CancellationToken cancellationToken)
    {
        var version = await connection.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var health = await connection.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        var components = await connection.GetComponentStatesAsync(cancellationToken).ConfigureAwait(false);
        return new MilvusServerInfo
        {
            Uri = connection.Uri,
            Version = version,
            Line = connection.EffectiveVersion.Line,
            DeployMode = connection.DeployMode,
            IsHealthy = health.IsHealthy,
            HealthReasons = health.Reasons,
            Build = connection.ServerBuild,
            Components = components,
            Capabilities = connection.Capabilities.Features,
        };
    }
}

/// <summary>What Test-MilvusConnection -Detailed shows.</summary>
public sealed class MilvusConnectionTest
{
    public required Uri Uri { get; init; }
    public string Database { get; init; } = MilvusConnection.DefaultDatabase;
    /// <summary>True when the server answered and accepted the credentials.</summary>
    public bool Success { get; init; }
    public string? ServerVersion { get; init; }
    public bool? IsHealthy { get; init; }
    public IReadOnlyList<string> HealthReasons { get; init; } = [];
    /// <summary>Round trip of one CheckHealth call, in milliseconds.</summary>
    public double? LatencyMs { get; init; }
    /// <summary>Why the test failed, when it did.</summary>
    public string? Error { get; init; }
    /// <summary>The ErrorId of the failure (ServerUnavailable, AuthenticationFailed, ...).</summary>
    public string? ErrorId { get; init; }
}
