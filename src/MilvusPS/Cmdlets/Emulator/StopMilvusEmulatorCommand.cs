using System.Management.Automation;
using MilvusPS.Core.Emulator;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Emulator;

/// <summary>Stops emulators started in this runspace: the ones piped in, or all of them.</summary>
[Cmdlet(VerbsLifecycle.Stop, "MilvusEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class StopMilvusEmulatorCommand : MilvusCmdlet
{
    /// <summary>The emulator to stop (from Start-MilvusEmulator); all of this runspace's when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public EmulatorInstance[]? InputObject { get; set; }

    /// <summary>Stop without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var session = RunspaceSession.Current;
        List<EmulatorInstance> targets;
        lock (session.Emulators) targets = InputObject is null ? [.. session.Emulators] : [.. InputObject];
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
