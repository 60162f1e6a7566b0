using MilvusPS.Core.Errors;
using MilvusPS.Protocol.Facts;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MilvusPS.Core.Capabilities;

/// <summary>A server feature, the wire evidence for it, and whether a given server has it.</summary>
/// <param name="Name">The feature's name, e.g. HybridSearch.</param>
/// <param name="Description">What it is.</param>
/// <param name="Evidence">The RPC, field or enum value that shows it on the wire.</param>
/// <param name="Supported">Whether the server has it.</param>
/// <param name="RequiredVersion">The version this server would need: the first release of its own line that has the feature (features are backported), else of the first line that does.</param>
/// <param name="Since">The first Milvus release that has it.</param>
public sealed record MilvusFeature(string Name, string Description, string Evidence, bool Supported, string? RequiredVersion, string? Since);

/// <summary>What a server of a given version supports, from the wire fact tables and Data/features.yaml.</summary>
public sealed class ServerCapabilities
{
    private readonly Dictionary<string, MilvusFeature> _features;

    public ServerCapabilities(MilvusVersion version)
    {
        Version = version;
        _features = FeatureDefinitions.All.Select(d => d.Evaluate(version)).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The server version the answers are for.</summary>
    public MilvusVersion Version { get; }

    /// <summary>Every known feature, in the order of the definitions.</summary>
    public IReadOnlyList<MilvusFeature> Features => FeatureDefinitions.All.Select(d => _features[d.Name]).ToList();

    public bool Supports(string feature) => Get(feature).Supported;

    /// <summary>Whether the server has an RPC (by the version tables).</summary>
    public bool SupportsRpc(string rpc) => RpcAvailability.IsRpcAvailable(rpc, Version);

    /// <summary>Throws a clear Unsupported error when the server lacks the feature.</summary>
    public void Require(string feature, string operation, string? target = null)
    {
        var f = Get(feature);
        if (f.Supported) return;
        var needed = f.RequiredVersion is null ? "a newer Milvus" : $"Milvus {f.RequiredVersion} or later";
        throw new MilvusException(
            $"{operation} needs {f.Description.TrimEnd('.')} ({f.Name}), which requires {needed}; the server is Milvus {Version}.",
            MilvusErrorKind.Unsupported, "ServerVersionTooOld")
        {
            Operation = operation,
            Target = target,
        };
    }

    private MilvusFeature Get(string feature) =>
        _features.TryGetValue(feature, out var f) ? f : throw new ArgumentException($"Unknown Milvus feature '{feature}'.", nameof(feature));
}

/// <summary>The feature list, read once from the embedded Data/features.yaml.</summary>
internal static class FeatureDefinitions
{
    private static readonly Lazy<IReadOnlyList<FeatureDefinition>> Definitions = new(Load);

    public static IReadOnlyList<FeatureDefinition> All => Definitions.Value;

    private static IReadOnlyList<FeatureDefinition> Load()
    {
        using var stream = typeof(FeatureDefinitions).Assembly.GetManifestResourceStream("MilvusPS.Core.Data.features.yaml")
            ?? throw new InvalidOperationException("features.yaml is missing from MilvusPS.Core.");
        using var reader = new StreamReader(stream);
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var list = deserializer.Deserialize<List<FeatureDefinition>>(reader);
        foreach (var d in list) d.Validate();
        return list;
    }
}

internal sealed class FeatureDefinition
{
    public string Name { get; set; } = string.Empty;
    public string Description { get; set; } = string.Empty;
    public string? Rpc { get; set; }
    public string? Field { get; set; }
    public string? Enum { get; set; }
    public string? Minimum { get; set; }

    public void Validate()
    {
        if (new[] { Rpc, Field, Enum }.Count(x => x is not null) != 1)
            throw new InvalidOperationException($"Feature '{Name}' must name exactly one of rpc, field or enum.");
        if (Rpc is not null && !RpcAvailability.KnownRpcs.Contains(Rpc))
            throw new InvalidOperationException($"Feature '{Name}' names unknown RPC '{Rpc}'.");
    }

    public MilvusFeature Evaluate(MilvusVersion version)
    {
        var (evidence, present, first, since) = Rpc is not null
            ? ($"rpc {Rpc}", RpcAvailability.IsRpcAvailable(Rpc, version), RpcAvailability.RpcSince(Rpc, version) ?? RpcAvailability.RpcFirstRelease(Rpc), RpcAvailability.RpcFirstRelease(Rpc))
            : Field is not null
                ? EvaluateField(version)
                : EvaluateEnum(version);
        var minimum = Minimum is null ? (MilvusVersion?)null : MilvusVersion.Parse(Minimum);
        if (minimum is { } m && version < m) present = false;
        return new MilvusFeature(Name, Description, evidence, present, Show(Later(first, minimum)), Show(Later(since, minimum)));
    }

    private static MilvusVersion? Later(MilvusVersion? a, MilvusVersion? b) => a is null ? b : b is null ? a : a > b ? a : b;

    // Releases, not the development tags a feature first showed up in: v2.3.0-dev.1 reads as 2.3.0.
    private static string? Show(MilvusVersion? v) => v is { } x ? new MilvusVersion(x.Major, x.Minor, x.Patch).ToString() : null;

    private (string, bool, MilvusVersion?, MilvusVersion?) EvaluateField(MilvusVersion version)
    {
        var dot = Field!.LastIndexOf('.');
        var (message, field) = (Field[..dot], Field[(dot + 1)..]);
        var since = RpcAvailability.FieldFirstRelease(message, field);
        return ($"field {Field}", RpcAvailability.IsFieldAvailable(message, field, version),
            RpcAvailability.FieldSince(message, field, version) ?? since, since);
    }

    private (string, bool, MilvusVersion?, MilvusVersion?) EvaluateEnum(MilvusVersion version)
    {
        var dot = Enum!.LastIndexOf('.');
        var (enumName, value) = (Enum[..dot], Enum[(dot + 1)..]);
        var line = RpcAvailability.EnumValueSinceLine(enumName, value);
        var since = line is null ? new MilvusVersion(2, 3, 0) : MilvusVersion.Parse(line);
        return ($"enum {Enum}", RpcAvailability.IsEnumValueAvailable(enumName, value, version), since, since);
    }
}
