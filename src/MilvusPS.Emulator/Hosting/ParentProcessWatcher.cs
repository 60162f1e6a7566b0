using System.Diagnostics;

namespace MilvusPS.Emulator.Hosting;

/// <summary>Waits until a process that is not our child exits (polling, so it works for any process on every OS).</summary>
internal static class ParentProcessWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task WaitForExitAsync(int processId, CancellationToken cancellationToken)
    {
        // Remember its start time so a recycled process id is not mistaken for the parent.
        var startTime = TryGetStartTime(processId);
        while (IsAlive(processId, startTime))
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
    }

    public static bool IsAlive(int processId, DateTime? expectedStart = null)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited) return false;
            var started = TryGetStartTime(process);
            return expectedStart is null || started is null || started == expectedStart;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // exited while we looked
        }
    }

    private static DateTime? TryGetStartTime(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return TryGetStartTime(process);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static DateTime? TryGetStartTime(Process process)
    {
        try { return process.StartTime; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { return null; }
    }
}
