using System.Collections.Concurrent;
using MilvusPS.Emulator.Storage;

namespace MilvusPS.Emulator.Search;

/// <summary>Search iterator v2 (2.5+) as the proxy's parseSearchIteratorV2Info leaves it: the token, the page size and the last bound seen.</summary>
internal sealed record SearchIteratorV2(string Token, long BatchSize, float? LastBound);

/// <summary>
/// Where a v2 search iterator is: the bound it reached and the keys already returned exactly at that bound.
/// Milvus keeps such state per token on the query nodes; here one table per emulator, capped, oldest forgotten
/// first (a forgotten token still pages correctly from its last_bound; only ties at the bound could repeat).
/// </summary>
internal sealed class SearchIterators
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, Position> _positions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>The page filter for the next batch: rows not closer than the bound, minus those already returned at it.</summary>
    public PageWindow WindowFor(SearchIteratorV2 iterator, bool largerIsCloser)
    {
        if (iterator.LastBound is not { } bound) return new PageWindow(null, largerIsCloser, new HashSet<PrimaryKey>());
        var seen = _positions.TryGetValue(iterator.Token, out var p) && p.Bound == bound ? p.SeenAtBound : new HashSet<PrimaryKey>();
        return new PageWindow(bound, largerIsCloser, seen);
    }

    /// <summary>Records the page just returned and gives the bound to report (the last hit's score, else the old bound).</summary>
    public float Advance(SearchIteratorV2 iterator, IReadOnlyList<Hit> page)
    {
        if (page.Count == 0) return iterator.LastBound ?? 0f;
        var bound = page[^1].Score;
        var seen = new HashSet<PrimaryKey>();
        if (_positions.TryGetValue(iterator.Token, out var old) && old.Bound == bound) seen.UnionWith(old.SeenAtBound);
        foreach (var h in page)
            if (h.Score == bound) seen.Add(h.Key);
        if (_positions.TryAdd(iterator.Token, new Position(bound, seen))) Remember(iterator.Token);
        else _positions[iterator.Token] = new Position(bound, seen);
        return bound;
    }

    private void Remember(string token)
    {
        _order.Enqueue(token);
        while (_positions.Count > Capacity && _order.TryDequeue(out var oldest)) _positions.TryRemove(oldest, out _);
    }

    private sealed record Position(float Bound, HashSet<PrimaryKey> SeenAtBound);
}

/// <summary>Which scores a v2 iterator's next page may hold.</summary>
internal sealed record PageWindow(float? Bound, bool LargerIsCloser, IReadOnlySet<PrimaryKey> SeenAtBound)
{
    public bool Admits(float score, PrimaryKey key)
    {
        if (Bound is not { } bound) return true;
        if (score == bound) return !SeenAtBound.Contains(key);
        return LargerIsCloser ? score < bound : score > bound;
    }
}
