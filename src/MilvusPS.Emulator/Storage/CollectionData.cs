using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// The rows of one collection: segments per partition (at most one growing per partition), a primary-key index
/// (key → rows, newest last; Milvus does not enforce key uniqueness on insert), and delete tombstones.
/// Every method takes the collection's lock; none calls back into the catalogue while holding it.
/// </summary>
internal sealed class CollectionData
{
    private readonly object _gate = new();
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<PrimaryKey, List<RowRef>> _pk = [];
    private readonly Func<long> _newSegmentId;

    public CollectionData(long collectionId, Func<long> newSegmentId)
    {
        CollectionId = collectionId;
        _newSegmentId = newSegmentId;
    }

    public long CollectionId { get; }
    public long LiveRows { get; private set; }
    /// <summary>Rows after which a growing segment seals.</summary>
    public int SealRowCount { get; set; } = 65536;

    public long LiveRowsIn(long partitionId)
    {
        lock (_gate) return _segments.Where(s => s.PartitionId == partitionId).Sum(s => (long)s.LiveCount);
    }

    public IReadOnlyList<(long Id, long PartitionId, SegmentState State, long Rows)> SegmentInfo()
    {
        lock (_gate) return _segments.Select(s => (s.Id, s.PartitionId, s.State, (long)s.RowCount)).ToArray();
    }

    /// <summary>Writes a validated batch. Upsert (<paramref name="replace"/>) tombstones the rows the keys had. Returns segments sealed by size.</summary>
    public List<Segment> Write(CollectionSchema schema, MutationBatch batch, ulong ts, bool replace)
    {
        lock (_gate)
        {
            var previous = new RowRef?[batch.Rows];
            if (replace)
                for (var r = 0; r < batch.Rows; r++)
                    previous[r] = _pk.TryGetValue(batch.Keys[r], out var refs) ? refs[^1] : null;
            if (batch.Partial) ResolvePartial(schema, batch, previous);

            var sealedNow = new List<Segment>();
            var growing = new Dictionary<long, Segment>();
            for (var r = 0; r < batch.Rows; r++)
            {
                var key = batch.Keys[r];
                if (replace) TombstoneKey(key, ts);
                var pid = batch.PartitionIds[r];
                if (!growing.TryGetValue(pid, out var seg) || seg.State != SegmentState.Growing)
                    growing[pid] = seg = GrowingSegment(pid);
                var row = seg.RowCount;
                foreach (var col in batch.Columns)
                {
                    var target = seg.ColumnFor(col.Field);
                    var index = col.Index[r];
                    if (index >= 0) target.AppendFrom(col.Source!, index);
                    else if (index == IncomingColumn.UseDefault) target.AppendFrom(col.Default!, 0);
                    else if (index == IncomingColumn.Keep && previous[r] is { } old && old.Segment.Find(col.Field.FieldID) is { } oldCol)
                        target.AppendCopy(oldCol, old.Row);
                    else if (index == IncomingColumn.Keep && col.Field.IsDynamic && col.Source is not null) target.AppendFrom(col.Source, r);
                    else target.AppendNull();
                }
                // Columns of fields the batch does not carry (none today) stay aligned.
                foreach (var c in seg.Columns.Values.Where(c => c.Count <= row)) c.AppendNull();
                seg.Keys.Add(key);
                seg.InsertTs.Add(ts);
                seg.DeleteTs.Add(0);
                seg.LiveCount++;
                LiveRows++;
                if (!_pk.TryGetValue(key, out var list)) _pk[key] = list = [];
                list.Add(new RowRef(seg, row));
                if (seg.RowCount >= SealRowCount)
                {
                    seg.State = SegmentState.Sealed;
                    sealedNow.Add(seg);
                }
            }
            return sealedNow;
        }
    }

    private void ResolvePartial(CollectionSchema schema, MutationBatch batch, RowRef?[] previous)
    {
        for (var r = 0; r < batch.Rows; r++)
        {
            if (previous[r] is not null) continue;
            foreach (var col in batch.Columns.Where(c => c.Index[r] == IncomingColumn.Keep))
            {
                if (col.Field.IsDynamic) continue;
                if (col.Field.DefaultValue is not null) col.Index[r] = IncomingColumn.UseDefault;
                else if (col.Field.Nullable) col.Index[r] = IncomingColumn.Null;
                else
                    // unverified text: a partial update that inserts a new key without a required field.
                    throw MilvusError.ParameterInvalidMsg($"fieldSchema({col.Field.Name}) has no corresponding fieldData pass in");
            }
        }
        // The dynamic field merges: stored keys stay unless the update sets them.
        var meta = batch.Columns.FirstOrDefault(c => c.Field.IsDynamic);
        if (meta?.Source is null) return;
        var merged = new JSONArray();
        for (var r = 0; r < batch.Rows; r++)
        {
            var sent = meta.Index[r] >= 0 ? meta.Source.Scalars.JsonData.Data[meta.Index[r]] : ByteString.CopyFromUtf8("{}");
            if (previous[r] is { } old && old.Segment.Find(meta.Field.FieldID) is JsonColumn stored && !stored.IsNull(old.Row))
            {
                var baseObj = JsonNode.Parse(stored.Raw(old.Row).Span) as JsonObject ?? [];
                if (JsonNode.Parse(sent.Span) is JsonObject update)
                    foreach (var (k, v) in update) baseObj[k] = v?.DeepClone();
                sent = ByteString.CopyFromUtf8(baseObj.ToJsonString());
            }
            merged.Data.Add(sent);
            meta.Index[r] = r;
        }
        meta.Source = new FieldData { Type = DataType.Json, FieldName = meta.Field.Name, IsDynamic = true, Scalars = new ScalarField { JsonData = merged } };
    }

    private Segment GrowingSegment(long partitionId)
    {
        var seg = _segments.LastOrDefault(s => s.PartitionId == partitionId && s.State == SegmentState.Growing);
        if (seg is not null) return seg;
        seg = new Segment(_newSegmentId(), partitionId);
        _segments.Add(seg);
        return seg;
    }

    private int TombstoneKey(PrimaryKey key, ulong ts, IReadOnlySet<long>? partitions = null)
    {
        if (!_pk.TryGetValue(key, out var refs)) return 0;
        var n = 0;
        foreach (var r in refs.ToArray())
        {
            if (partitions is not null && !partitions.Contains(r.Segment.PartitionId)) continue;
            if (!r.Segment.IsLive(r.Row)) continue;
            r.Segment.DeleteTs[r.Row] = ts;
            r.Segment.LiveCount--;
            LiveRows--;
            refs.Remove(r);
            n++;
        }
        if (refs.Count == 0) _pk.Remove(key);
        return n;
    }

    /// <summary>Deletes every live row with one of the keys (in the given partitions, or all). Returns the rows deleted.</summary>
    public int Delete(IEnumerable<PrimaryKey> keys, ulong ts, IReadOnlySet<long>? partitions)
    {
        lock (_gate) return keys.Distinct().Sum(k => TombstoneKey(k, ts, partitions));
    }

    /// <summary>
    /// Live rows of the given partitions (all when null) that pass the filter, in primary-key order. With
    /// <paramref name="dedupe"/>, a key inserted twice yields only its newest row (as query results reduce by key).
    /// </summary>
    public List<RowRef> Scan(CollectionSchema schema, IReadOnlySet<long>? partitions, Func<Query.IRowAccessor, bool>? filter, bool dedupe)
    {
        lock (_gate)
        {
            var view = new RowView(schema);
            var hits = new List<RowRef>();
            foreach (var seg in _segments)
            {
                if (partitions is not null && !partitions.Contains(seg.PartitionId)) continue;
                for (var row = 0; row < seg.RowCount; row++)
                {
                    if (!seg.IsLive(row)) continue;
                    var r = new RowRef(seg, row);
                    if (dedupe && _pk.TryGetValue(seg.Keys[row], out var refs) && refs[^1] != r) continue;
                    if (filter is not null && !filter(view.At(r))) continue;
                    hits.Add(r);
                }
            }
            hits.Sort((a, b) => a.Segment.Keys[a.Row].CompareTo(b.Segment.Keys[b.Row]));
            return hits;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the collection's lock (to read rows a scan returned consistently).</summary>
    public T Read<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    /// <summary>Flush: seals every growing segment. Returns (newly sealed, already sealed) segments.</summary>
    public (List<Segment> Sealed, List<Segment> AlreadySealed) SealAll()
    {
        lock (_gate)
        {
            var already = _segments.Where(s => s.State == SegmentState.Sealed).ToList();
            var now = _segments.Where(s => s.State == SegmentState.Growing && s.RowCount > 0).ToList();
            foreach (var s in now) s.State = SegmentState.Sealed;
            return (now, already);
        }
    }

    public bool IsSealed(long segmentId)
    {
        lock (_gate) return _segments.FirstOrDefault(s => s.Id == segmentId) is not { State: SegmentState.Growing };
    }

    /// <summary>Drops the partition's segments; returns their ids.</summary>
    public List<long> DropPartition(long partitionId)
    {
        lock (_gate)
        {
            var gone = _segments.Where(s => s.PartitionId == partitionId).ToList();
            foreach (var s in gone) Remove(s);
            return gone.Select(s => s.Id).ToList();
        }
    }

    /// <summary>Truncate: every segment goes; returns their ids.</summary>
    public List<long> Clear()
    {
        lock (_gate)
        {
            var ids = _segments.Select(s => s.Id).ToList();
            _segments.Clear();
            _pk.Clear();
            LiveRows = 0;
            return ids;
        }
    }

    private void Remove(Segment s)
    {
        _segments.Remove(s);
        LiveRows -= s.LiveCount;
        for (var row = 0; row < s.RowCount; row++)
        {
            if (!_pk.TryGetValue(s.Keys[row], out var refs)) continue;
            refs.RemoveAll(r => r.Segment == s);
            if (refs.Count == 0) _pk.Remove(s.Keys[row]);
        }
    }

    public IReadOnlyList<(long SegmentId, long Rows)> Sealed()
    {
        lock (_gate) return _segments.Where(s => s.State == SegmentState.Sealed).Select(s => (s.Id, (long)s.RowCount)).ToArray();
    }

    internal static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
