using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Emulator;

namespace MilvusPS.Infrastructure;

/// <summary>
/// What one runspace holds: its default connection, the connections it opened and the emulators it started.
/// Keyed by runspace, never process-static, so two runspaces never see each other's connection.
/// </summary>
internal sealed class RunspaceSession
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceSession> States = new();

    public MilvusConnection? Default { get; set; }
    public List<MilvusConnection> Connections { get; } = [];
    public List<EmulatorInstance> Emulators { get; } = [];

    /// <summary>The state of the runspace running the current pipeline.</summary>
    public static RunspaceSession Current
    {
        get
        {
            var runspace = Runspace.DefaultRunspace
                ?? throw new InvalidOperationException("MilvusPS cmdlets must run in a PowerShell runspace.");
            return States.GetValue(runspace, r =>
            {
                var state = new RunspaceSession();
                // Closing the runspace closes its connections and stops its emulators.
                r.StateChanged += (_, e) =>
                {
                    if (e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken) state.Release();
                };
                return state;
            });
        }
    }

    public void Add(MilvusConnection connection)
    {
        lock (Connections)
        {
            Connections.RemoveAll(c => !c.IsOpen);
            Connections.Add(connection);
        }
    }

    public void Remove(MilvusConnection connection)
    {
        lock (Connections) Connections.Remove(connection);
        if (ReferenceEquals(Default, connection)) Default = null;
    }

    private void Release()
    {
        lock (Connections)
        {
            foreach (var c in Connections) c.Dispose();
            Connections.Clear();
        }
        Default = null;
        lock (Emulators)
        {
            foreach (var e in Emulators) e.Stop();
            Emulators.Clear();
        }
    }
}
