using MilvusPS.Emulator.Access;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator;

/// <summary>How to start an emulator (in-process through <see cref="EmulatorServer.StartAsync"/>, or from the CLI).</summary>
public sealed class EmulatorOptions
{
    /// <summary>The address to listen on: an IP address, "localhost" (loopback) or "*" (all interfaces). Loopback by default.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it back from <see cref="EmulatorServer.Port"/>).</summary>
    public int Port { get; set; } = 19530;

    /// <summary>A data folder (created if missing, locked while running); null keeps everything in memory.</summary>
    public string? DataPath { get; set; }

    /// <summary>The Milvus version to emulate: "2.4", "2.5.27", "v2.6.22", ... A bare line means the newest release our tables describe.</summary>
    public string MilvusVersion { get; set; } = Protocol.Facts.MilvusVersion.Newest.ToString();

    /// <summary>Require credentials (common.security.authorizationEnabled).</summary>
    public bool AuthorizationEnabled { get; set; }

    /// <summary>The built-in root user's password.</summary>
    public string RootPassword { get; set; } = CredentialStore.DefaultRootPassword;

    /// <summary>Serve TLS with this certificate: PEM (key in <see cref="TlsKeyPath"/> or in the same file) or PFX/PKCS#12 without a password.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM private key for <see cref="TlsCertificatePath"/>, when it is a separate file.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Mutual TLS: require a client certificate that chains to this CA (PEM or DER).</summary>
    public string? TlsClientCaPath { get; set; }

    /// <summary>Rows at which a growing segment seals (Milvus seals by size; the emulator by row count).</summary>
    public int SegmentRowLimit { get; set; } = 65536;

    /// <summary>With a data folder: when the logs hold this many bytes, the next quiet moment takes a snapshot and starts them afresh, so a
    /// long-running emulator keeps short logs and restarts quickly.</summary>
    public long SnapshotLogBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Enable the test-only <see cref="EmulatorServer.Faults"/>.</summary>
    public bool EnableFaults { get; set; }

    /// <summary>Stop when this process exits, so the emulator never outlives the session that started it.</summary>
    public int? ParentProcessId { get; set; }

    /// <summary>Fast (default): loads finish at once. Realistic: loads take <see cref="RealisticLoadTime"/> plus time per row, with progress.</summary>
    public Catalog.LoadMode LoadMode { get; set; } = Catalog.LoadMode.Fast;

    /// <summary>In realistic mode, the base time a load takes.</summary>
    public TimeSpan RealisticLoadTime { get; set; } = TimeSpan.FromSeconds(2);

    internal EmulatorOptions Clone() => (EmulatorOptions)MemberwiseClone();

    /// <summary>The problems with these options, empty when they are usable.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)) errors.Add("The host must not be empty.");
        else if (!Hosting.ListenAddress.TryParse(Host, out _)) errors.Add($"The host '{Host}' is not an IP address, 'localhost' or '*'.");
        if (Port is < 0 or > 65535) errors.Add($"The port {Port} is out of range (0-65535; 0 picks a free port).");
        if (!Versioning.VersionProfile.TryParse(MilvusVersion, out _, out var versionError)) errors.Add(versionError!);
        if (RootPassword is null || RootPassword.Length == 0) errors.Add("The root password must not be empty.");
        if (TlsCertificatePath is null && (TlsKeyPath is not null || TlsClientCaPath is not null))
            errors.Add("A TLS key or client CA needs a TLS certificate (--tls-cert).");
        foreach (var (path, what) in new[] { (TlsCertificatePath, "TLS certificate"), (TlsKeyPath, "TLS key"), (TlsClientCaPath, "TLS client CA") })
            if (path is not null && !File.Exists(path)) errors.Add($"The {what} file '{path}' does not exist.");
        if (ParentProcessId is <= 0) errors.Add($"The parent process id {ParentProcessId} is not valid.");
        if (SegmentRowLimit < 1) errors.Add("The segment row limit must be at least 1.");
        if (SnapshotLogBytes < 1) errors.Add("The log size that triggers a snapshot (--snapshot-log-mb) must be positive.");
        if (RealisticLoadTime < TimeSpan.Zero) errors.Add("The realistic load time must not be negative.");
        if (DataPath is not null && string.IsNullOrWhiteSpace(DataPath)) errors.Add("The data folder path must not be empty.");
        return errors;
    }
}
