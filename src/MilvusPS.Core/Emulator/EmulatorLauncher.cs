using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace MilvusPS.Core.Emulator;

/// <summary>How to start an emulator process.</summary>
public sealed record EmulatorStartOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public string? DataPath { get; init; }
    public string? MilvusVersion { get; init; }
    public bool AuthorizationEnabled { get; init; }
    public string? RootPassword { get; init; }
    public string? TlsCertificatePath { get; init; }
    public string? TlsKeyPath { get; init; }
    /// <summary>Mutual TLS: require client certificates issued by this CA.</summary>
    public string? TlsClientCaPath { get; init; }
    /// <summary>How long to wait for the emulator to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>A running emulator process started by this session.</summary>
public sealed class EmulatorInstance
{
    private readonly Process _process;

    internal EmulatorInstance(Process process, Uri uri, string milvusVersion, EmulatorStartOptions options)
    {
        _process = process;
        Uri = uri;
        MilvusVersion = milvusVersion;
        DataPath = options.DataPath;
        AuthorizationEnabled = options.AuthorizationEnabled;
        ProcessId = process.Id;
        StartedAt = DateTimeOffset.Now;
    }

    /// <summary>The address to connect to; binds to Connect-Milvus -Uri from the pipeline.</summary>
    public Uri Uri { get; }
    public int Port => Uri.Port;
    public int ProcessId { get; }
    public string MilvusVersion { get; }
    public string? DataPath { get; }
    public bool AuthorizationEnabled { get; }
    public DateTimeOffset StartedAt { get; }
    public bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    /// <summary>Stops the process (and waits for it); a second call does nothing.</summary>
    public void Stop(TimeSpan? wait = null)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit((int)(wait ?? TimeSpan.FromSeconds(10)).TotalMilliseconds);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public override string ToString() => Uri.ToString();
}

/// <summary>Starts the emulator that ships in the module folder as a child process and waits until it listens.</summary>
public static partial class EmulatorLauncher
{
    private const string AssemblyFile = "MilvusPS.Emulator.dll";

    [GeneratedRegex(@"^MilvusPS\.Emulator listening on (?<uri>\S+) \(Milvus (?<version>[^)]+)\)")]
    private static partial Regex ReadyLine();

    /// <summary>Why the emulator cannot play this Milvus version (it speaks the tabulated 2.x lines), or null when it can.</summary>
    public static string? CheckMilvusVersion(string text)
    {
        var lines = Protocol.Facts.RpcAvailability.TabulatedReleases.Keys.Where(k => k.StartsWith('2')).Order().ToList();
        return Protocol.Facts.MilvusVersion.TryParse(text, out var v) && lines.Contains(v.Line)
            ? null
            : $"The emulator speaks Milvus {string.Join(", ", lines)}; '{text}' is not one of them.";
    }

    /// <summary>Where the emulator is: MILVUSPS_EMULATOR_PATH, else the folder given (the module's Emulator folder).</summary>
    public static string LocateEmulator(string moduleEmulatorFolder)
    {
        var fromEnv = Environment.GetEnvironmentVariable("MILVUSPS_EMULATOR_PATH");
        var path = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.Combine(moduleEmulatorFolder, AssemblyFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The MilvusPS emulator was not found at '{path}'. Reinstall the module, or set MILVUSPS_EMULATOR_PATH to MilvusPS.Emulator.dll.", path);
        return path;
    }

    /// <summary>The dotnet host that runs the emulator: MILVUSPS_DOTNET, DOTNET_HOST_PATH, DOTNET_ROOT, PATH, then the usual install folders.</summary>
    public static string LocateDotnet()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("MILVUSPS_DOTNET"),
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Combine(Environment.GetEnvironmentVariable("DOTNET_ROOT"), exe),
        };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Combine(d, exe)));
        candidates.Add(Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", exe));
        candidates.AddRange(RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? [Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", exe)]
            : ["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet", "/opt/homebrew/opt/dotnet/libexec/dotnet"]);
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new FileNotFoundException("The MilvusPS emulator needs the .NET runtime (8.0 or later, with ASP.NET Core), and no 'dotnet' was found. Install it from the .NET download page, or set MILVUSPS_DOTNET to the dotnet executable.");
    }

    /// <summary>Starts the emulator and returns once it has printed its ready line; it exits when this process does.</summary>
    public static async Task<EmulatorInstance> StartAsync(string emulatorPath, EmulatorStartOptions options, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(LocateDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        psi.ArgumentList.Add(emulatorPath);
        void Arg(string name, string? value)
        {
            if (value is null) return;
            psi.ArgumentList.Add(name);
            psi.ArgumentList.Add(value);
        }
        Arg("--host", options.Host);
        Arg("--port", options.Port.ToString(CultureInfo.InvariantCulture));
        Arg("--data", options.DataPath);
        Arg("--milvus-version", options.MilvusVersion);
        if (options.AuthorizationEnabled) psi.ArgumentList.Add("--auth");
        Arg("--root-password", options.RootPassword);
        Arg("--tls-cert", options.TlsCertificatePath);
        Arg("--tls-key", options.TlsKeyPath);
        Arg("--tls-client-ca", options.TlsClientCaPath);
        Arg("--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        var process = Process.Start(psi) ?? throw new InvalidOperationException("The emulator process did not start.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.StartTimeout);
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The emulator did not start listening within {options.StartTimeout.TotalSeconds} s. {Errors(errors)}".TrimEnd());
                }
                if (line is null)
                {
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    throw new InvalidOperationException($"The emulator exited with code {process.ExitCode} before it was ready. {Errors(errors)}".TrimEnd());
                }
                var match = ReadyLine().Match(line);
                if (!match.Success) continue;
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = DrainAsync(process.StandardOutput);
                return new EmulatorInstance(process, new Uri(match.Groups["uri"].Value), match.Groups["version"].Value, options);
            }
        }
        catch
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try { while (await reader.ReadLineAsync().ConfigureAwait(false) is not null) { } }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    private static string Errors(System.Text.StringBuilder errors)
    {
        lock (errors) return errors.Length == 0 ? string.Empty : "It said: " + errors.ToString().Trim();
    }

    private static string? Combine(string? folder, params string[] parts) =>
        string.IsNullOrEmpty(folder) ? null : Path.Combine([folder, .. parts]);
}
