using System.Management.Automation;
using System.Net;
using System.Security;
using MilvusPS.Core.Emulator;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Emulator;

/// <summary>
/// Starts the MilvusPS emulator (a Milvus-compatible local server) as a child process on a free loopback
/// port, waits until it answers, and returns an object that pipes into Connect-Milvus. The emulator stops
/// with Stop-MilvusEmulator, when this runspace closes, or when this PowerShell process ends.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "MilvusEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(EmulatorInstance))]
public sealed class StartMilvusEmulatorCommand : MilvusCmdlet
{
    /// <summary>The port to listen on; 0 (the default) picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>A folder where the emulator keeps its data between runs; memory only when omitted.</summary>
    [Parameter]
    public string? DataPath { get; set; }

    /// <summary>The Milvus version to emulate (2.3 to 2.6, e.g. 2.5.27); the newest 2.6 when omitted.</summary>
    [Parameter]
    [ValidatePattern(@"^v?\d+\.\d+(\.\d+)?$")]
    public string? MilvusVersion { get; set; }

    /// <summary>Require authentication (built-in user root, password Milvus unless -RootPassword).</summary>
    [Parameter]
    public SwitchParameter EnableAuthorization { get; set; }

    /// <summary>The root user's password when authorization is on.</summary>
    [Parameter]
    public SecureString? RootPassword { get; set; }

    /// <summary>Serve TLS with this certificate (PEM or PFX).</summary>
    [Parameter]
    public string? TlsCertificatePath { get; set; }

    /// <summary>The TLS certificate's private key (PEM).</summary>
    [Parameter]
    public string? TlsKeyPath { get; set; }

    /// <summary>Mutual TLS: require client certificates issued by this CA (PEM or DER).</summary>
    [Parameter]
    public string? TlsClientCaPath { get; set; }

    /// <summary>How long to wait for the emulator to answer, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 60;

    protected override void ProcessRecord()
    {
        var target = Port == 0 ? "a free loopback port" : $"port {Port}";
        if (RootPassword is not null && !EnableAuthorization)
            ThrowError(new ArgumentException("-RootPassword sets the root password for authentication; add -EnableAuthorization."),
                "RootPasswordWithoutAuthorization", ErrorCategory.InvalidArgument, null);
        if (MilvusVersion is not null && EmulatorLauncher.CheckMilvusVersion(MilvusVersion) is { } problem)
            ThrowError(new ArgumentException(problem), "MilvusVersionNotSupported", ErrorCategory.InvalidArgument, MilvusVersion);
        if (!ShouldProcess(target, "Start the Milvus emulator")) return;
        var options = new EmulatorStartOptions
        {
            Port = Port,
            DataPath = DataPath is null ? null : GetUnresolvedProviderPathFromPSPath(DataPath),
            MilvusVersion = MilvusVersion?.TrimStart('v'),
            AuthorizationEnabled = EnableAuthorization,
            RootPassword = RootPassword is null ? null : new NetworkCredential(string.Empty, RootPassword).Password,
            TlsCertificatePath = TlsCertificatePath is null ? null : GetUnresolvedProviderPathFromPSPath(TlsCertificatePath),
            TlsKeyPath = TlsKeyPath is null ? null : GetUnresolvedProviderPathFromPSPath(TlsKeyPath),
            TlsClientCaPath = TlsClientCaPath is null ? null : GetUnresolvedProviderPathFromPSPath(TlsClientCaPath),
            StartTimeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        string emulatorPath;
        try
        {
            var moduleFolder = Path.GetDirectoryName(typeof(StartMilvusEmulatorCommand).Assembly.Location) ?? ".";
            emulatorPath = EmulatorLauncher.LocateEmulator(Path.Combine(moduleFolder, "Emulator"));
        }
        catch (FileNotFoundException e)
        {
            ThrowError(e, "EmulatorNotFound", ErrorCategory.ObjectNotFound, null);
            return;
        }
        WriteVerbose($"Starting {emulatorPath} on {target}.");
        var progress = new ProgressRecord(1, "Starting the Milvus emulator", $"Waiting for it to listen on {target}");
        WriteProgress(progress);
        try
        {
            var instance = RunAsync(token => EmulatorLauncher.StartAsync(emulatorPath, options, token));
            WriteProgress(new ProgressRecord(progress.ActivityId, progress.Activity, "Listening") { RecordType = ProgressRecordType.Completed });
            lock (RunspaceSession.Current.Emulators) RunspaceSession.Current.Emulators.Add(instance);
            WriteVerbose($"The emulator (process {instance.ProcessId}) listens on {instance.Uri} as Milvus {instance.MilvusVersion}.");
            WriteObject(instance);
        }
        catch (FileNotFoundException e)
        {
            ThrowError(e, "DotnetNotFound", ErrorCategory.ObjectNotFound, null);
        }
        catch (TimeoutException e)
        {
            ThrowError(e, "EmulatorStartTimeout", ErrorCategory.OperationTimeout, target);
        }
        catch (InvalidOperationException e)
        {
            ThrowError(e, "EmulatorStartFailed", ErrorCategory.InvalidOperation, target);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            ThrowError(e, "EmulatorStartFailed", ErrorCategory.InvalidOperation, target);
        }
    }
}
