using System.Collections.Concurrent;
using Grpc.Core;
using MilvusPS.Emulator.Errors;

namespace MilvusPS.Emulator.Faults;

/// <summary>
/// Test-only faults: latency, failures of the next N calls (as a gRPC status or as a Milvus Status),
/// stalls and dropped connections, per RPC name (the gRPC method name, e.g. "Search") or "*" for all.
/// Off unless the emulator starts with <c>EnableFaults</c>; configuring a disabled injector throws.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>The RPC name that matches every RPC.</summary>
    public const string AllRpcs = "*";

    private readonly ConcurrentDictionary<string, TimeSpan> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<PlannedFault> _planned = [];
    private readonly object _gate = new();
    private TaskCompletionSource _stallRelease = NewRelease();

    internal FaultInjector(bool enabled) => IsEnabled = enabled;

    public bool IsEnabled { get; }

    /// <summary>Delays every call of <paramref name="rpc"/> (or "*"); zero removes the delay. The delay honours cancellation.</summary>
    public void AddLatency(string rpc, TimeSpan delay)
    {
        EnsureEnabled();
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (delay == TimeSpan.Zero) _latency.TryRemove(Key(rpc), out _);
        else _latency[Key(rpc)] = delay;
    }

    /// <summary>The next <paramref name="count"/> calls fail with this gRPC status (e.g. Unavailable); no handler runs.</summary>
    public void FailNext(string rpc, int count, StatusCode code, string? message = null)
    {
        if (code == StatusCode.OK) throw new ArgumentException("A failure needs a non-OK status code.", nameof(code));
        Plan(rpc, count, new PlannedFault(Key(rpc), FaultKind.GrpcStatus) { GrpcStatus = new Grpc.Core.Status(code, message ?? $"fault injected by MilvusPS.Emulator ({code})") });
    }

    /// <summary>The next <paramref name="count"/> calls answer normally at the gRPC level with this Milvus error in their Status.</summary>
    public void FailNext(string rpc, int count, MilvusError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Plan(rpc, count, new PlannedFault(Key(rpc), FaultKind.MilvusStatus) { MilvusError = error });
    }

    /// <summary>As <see cref="FailNext(string,int,MilvusError)"/>, by Milvus code (e.g. 2 for service unavailable).</summary>
    public void FailNext(string rpc, int count, int milvusCode) => FailNext(rpc, count, MilvusError.OfCode(milvusCode));

    /// <summary>The next <paramref name="count"/> calls hang until the caller gives up (deadline or cancellation) or <see cref="ReleaseStalls"/>.</summary>
    public void StallNext(string rpc, int count = 1) => Plan(rpc, count, new PlannedFault(Key(rpc), FaultKind.Stall));

    /// <summary>The next <paramref name="count"/> calls lose their connection (the HTTP/2 connection is aborted).</summary>
    public void DropNext(string rpc, int count = 1) => Plan(rpc, count, new PlannedFault(Key(rpc), FaultKind.Drop));

    /// <summary>Lets every stalled call continue normally.</summary>
    public void ReleaseStalls()
    {
        TaskCompletionSource old;
        lock (_gate) { old = _stallRelease; _stallRelease = NewRelease(); }
        old.TrySetResult();
    }

    /// <summary>Removes all latency and pending faults and releases stalls. Call counts are kept.</summary>
    public void Reset()
    {
        _latency.Clear();
        lock (_gate) _planned.Clear();
        ReleaseStalls();
    }

    /// <summary>How many calls of <paramref name="rpc"/> (or "*" for all) have reached the emulator.</summary>
    public int CallCount(string rpc) => _calls.GetValueOrDefault(Key(rpc));

    /// <summary>Applies latency and stalls, then returns the fault this call must suffer, if any.</summary>
    internal async ValueTask<PlannedFault?> BeforeCallAsync(string rpc, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(rpc, 1, (_, n) => n + 1);
        _calls.AddOrUpdate(AllRpcs, 1, (_, n) => n + 1);

        if (_latency.TryGetValue(rpc, out var delay) || _latency.TryGetValue(AllRpcs, out delay))
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);

        PlannedFault? fault;
        Task release;
        lock (_gate)
        {
            fault = _planned.FirstOrDefault(f => f.Rpc == rpc && f.Remaining > 0)
                ?? _planned.FirstOrDefault(f => f.Rpc == AllRpcs && f.Remaining > 0);
            if (fault is not null && --fault.Remaining == 0) _planned.Remove(fault);
            release = _stallRelease.Task;
        }

        if (fault?.Kind == FaultKind.Stall)
        {
            await release.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        return fault;
    }

    private void Plan(string rpc, int count, PlannedFault fault)
    {
        EnsureEnabled();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        fault.Remaining = count;
        lock (_gate) _planned.Add(fault);
    }

    private void EnsureEnabled()
    {
        if (!IsEnabled)
            throw new InvalidOperationException("Faults are disabled. Start the emulator with EnableFaults = true (CLI: --enable-faults).");
    }

    private static string Key(string rpc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rpc);
        // Accept "/milvus.proto.milvus.MilvusService/Search" as well as "Search".
        var slash = rpc.LastIndexOf('/');
        return slash >= 0 ? rpc[(slash + 1)..] : rpc;
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal enum FaultKind { GrpcStatus, MilvusStatus, Stall, Drop }

    internal sealed class PlannedFault(string rpc, FaultKind kind)
    {
        public string Rpc { get; } = rpc;
        public FaultKind Kind { get; } = kind;
        public int Remaining { get; set; }
        public Grpc.Core.Status GrpcStatus { get; init; }
        public MilvusError? MilvusError { get; init; }
    }
}
