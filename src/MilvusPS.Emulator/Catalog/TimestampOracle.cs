namespace MilvusPS.Emulator.Catalog;

/// <summary>
/// Allocates Milvus hybrid timestamps (TSO): physical Unix milliseconds shifted left 18 bits,
/// plus an 18-bit logical counter. Strictly increasing across calls and threads.
/// </summary>
public sealed class TimestampOracle
{
    public const int LogicalBits = 18;
    public const long LogicalMask = (1L << LogicalBits) - 1;

    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private long _last;

    public TimestampOracle(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>One new timestamp, greater than every one allocated before.</summary>
    public ulong AllocOne() => Alloc(1);

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive timestamps and returns the first
    /// (as the Milvus allocator does for batch requests).
    /// </summary>
    public ulong Alloc(int count)
    {
        if (count is < 1 or > (int)LogicalMask) throw new ArgumentOutOfRangeException(nameof(count));
        lock (_gate)
        {
            var now = Compose(_clock.GetUtcNow().ToUnixTimeMilliseconds(), 0);
            // Clock went back or we are in the same millisecond: continue from the last logical value.
            var first = Math.Max(now, _last + 1);
            _last = first + count - 1;
            return (ulong)first;
        }
    }

    /// <summary>Never allocate at or below <paramref name="seen"/> again (ids and timestamps restored from disk).</summary>
    public void Observe(ulong seen)
    {
        lock (_gate) _last = Math.Max(_last, (long)seen);
    }

    public static long Compose(long physicalMs, long logical) => (physicalMs << LogicalBits) | (logical & LogicalMask);

    public static (long PhysicalMs, long Logical) Parse(ulong ts) => ((long)(ts >> LogicalBits), (long)ts & LogicalMask);

    public static DateTimeOffset ToDateTime(ulong ts) => DateTimeOffset.FromUnixTimeMilliseconds(Parse(ts).PhysicalMs);
}
