namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// Snapshots while the emulator runs. Every call holds the gate open while it runs (calls run side by side); a snapshot
/// closes it, waits until no call is in flight, writes the data and catalogue snapshots (which start both logs afresh),
/// and opens it again. So a snapshot always sees state that some sequence of whole calls produced, and no write can
/// land in a log that is being replaced. Taken when the logs outgrow <c>SnapshotLogBytes</c>, at most one at a time.
/// </summary>
internal sealed class Checkpointer(Func<long> logBytes, long threshold, Action snapshot)
{
    private readonly object _lock = new();
    private int _active;
    private bool _closed;
    private TaskCompletionSource _opened = Completed();
    private TaskCompletionSource? _drained;
    private Task _running = Task.CompletedTask;
    private int _taken;

    /// <summary>Snapshots taken while running (not counting the one at shutdown).</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Enters the gate for one call, waiting while a snapshot is being taken.</summary>
    public async ValueTask<Ticket> EnterAsync()
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_closed)
                {
                    _active++;
                    return new Ticket(this);
                }
                wait = _opened.Task;
            }
            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>Waits for a snapshot in progress (used before the shutdown snapshot).</summary>
    public Task WaitIdleAsync()
    {
        lock (_lock) return _running;
    }

    private void Exit()
    {
        lock (_lock)
        {
            _active--;
            if (_closed && _active == 0) _drained?.TrySetResult();
            else if (!_closed && _running.IsCompleted && logBytes() >= threshold) _running = Task.Run(TakeAsync);
        }
    }

    private async Task TakeAsync()
    {
        Task drained;
        lock (_lock)
        {
            _closed = true;
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_active == 0) _drained.TrySetResult();
            drained = _drained.Task;
        }
        await drained.ConfigureAwait(false);
        try
        {
            snapshot();
            Interlocked.Increment(ref _taken);
        }
        catch (IOException)
        {
            // The previous snapshot and the logs still hold everything; the next quiet moment tries again.
        }
        finally
        {
            TaskCompletionSource opened;
            lock (_lock)
            {
                _closed = false;
                _drained = null;
                opened = _opened;
            }
            opened.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>One call's hold on the gate.</summary>
    public readonly struct Ticket(Checkpointer owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
