using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Versioning;

/// <summary>
/// The Milvus version the emulator pretends to be: which RPCs exist and what GetVersion reports.
/// </summary>
public sealed class VersionProfile
{
    /// <summary>The gRPC service whose methods the version tables describe.</summary>
    public const string MilvusServiceName = "milvus.proto.milvus.MilvusService";

    // A bare line such as "2.4" means the release the version table describes for it (2.4.24).
    private static IReadOnlyDictionary<string, MilvusVersion> NewestTabulated => RpcAvailability.TabulatedReleases;

    public VersionProfile(MilvusVersion version)
    {
        if (version < new MilvusVersion(2, 3, 0))
            throw new ArgumentOutOfRangeException(nameof(version), version, "The emulator speaks Milvus 2.3 and later.");
        Version = version;
    }

    public static VersionProfile Default { get; } = new(MilvusVersion.Newest);

    public MilvusVersion Version { get; }

    /// <summary>
    /// What GetVersion (and Connect's build_tags) report. 2.3–2.5 servers answer their git tag
    /// ("v2.4.24"); 2.6 and later answer the bare semver ("2.6.22").
    /// </summary>
    public string VersionString =>
        Version < new MilvusVersion(2, 6, 0) ? "v" + Version : Version.ToString();

    public bool IsRpcAvailable(string rpcName) => RpcAvailability.IsRpcAvailable(rpcName, Version);

    /// <summary>
    /// Parses "2.6", "2.6.3" or "v2.5.27". A bare line resolves to the release the tables describe for it.
    /// </summary>
    public static bool TryParse(string? text, out VersionProfile? profile, out string? error)
    {
        profile = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { profile = Default; return true; }
        if (!MilvusVersion.TryParse(text, out var version))
        {
            error = $"'{text}' is not a Milvus version (expected e.g. 2.4, 2.6.22 or v2.5.27).";
            return false;
        }
        var core = text.Trim().TrimStart('v', 'V').Split('-', '+')[0];
        if (core.Count(c => c == '.') == 1)
        {
            if (!NewestTabulated.TryGetValue(version.Line, out var release))
            {
                error = $"Milvus {version.Line} is not a line the emulator knows (known: {string.Join(", ", NewestTabulated.Keys)}).";
                return false;
            }
            version = release;
        }
        if (version < new MilvusVersion(2, 3, 0))
        {
            error = $"Milvus {version} is too old; the emulator speaks 2.3 and later.";
            return false;
        }
        profile = new VersionProfile(version);
        return true;
    }

    public static VersionProfile Parse(string? text) =>
        TryParse(text, out var p, out var error) ? p! : throw new FormatException(error);

    public override string ToString() => Version.ToString();
}
