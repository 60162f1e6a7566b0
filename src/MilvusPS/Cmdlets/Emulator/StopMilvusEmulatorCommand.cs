using System.Management.Automation;
using MilvusPS.Core.Emulator;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Emulator;

/// <summary>Stops emulators started in this runspace: the ones piped in, or all of them.</summary>
[Cmdlet(VerbsLifecycle.Stop, "MilvusEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputSet)]
public sealed class StopMilvusEmulatorCommand : MilvusCmdlet
{
    private const string InputSet = "InputObject";
    private const string AllSet = "All";

    /// <summary>The emulator to stop (from Start-MilvusEmulator).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    public EmulatorInstance[]? InputObject { get; set; }

    /// <summary>Stop every emulator this runspace started.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Stop without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var session = RunspaceSession.Current;
        List<EmulatorInstance> targets;
        lock (session.Emulators) targets = All ? [.. session.Emulators] : [.. InputObject!];
        foreach (var emulator in targets)
        {
            var memoryOnly = emulator.DataPath is null ? " (memory only: its data is lost)" : string.Empty;
            if (!ShouldChange($"{emulator.Uri} (process {emulator.ProcessId})", $"Stop the Milvus emulator{memoryOnly}", Force)) continue;
            emulator.Stop();
            lock (session.Emulators) session.Emulators.Remove(emulator);
            WriteVerbose($"Stopped the emulator at {emulator.Uri}.");
        }
    }
}
