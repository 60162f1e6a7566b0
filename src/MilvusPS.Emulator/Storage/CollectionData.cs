using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Storage;

/// <summary>
/// The rows of one collection: segments per partition (at most one growing per partition), a primary-key index
/// (key → rows, newest last; Milvus does not enforce key uniqueness on insert), and delete tombstones.
/// Every method takes the collection's lock; none calls back into the catalogue while holding it. Mutations given a
/// journal queue their record under the lock (so the log has the apply order) and wait for the fsync after releasing it.
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

    /// <summary>
    /// Writes a validated batch. Upsert (<paramref name="replace"/>) tombstones the rows the keys had. With a journal, the rows
    /// as written are logged under the lock (so the log keeps apply order) and are durable when this returns.
    /// Returns segments sealed by size.
    /// </summary>
    public List<Segment> Write(CollectionSchema schema, MutationBatch batch, ulong ts, bool replace, IDataJournal? journal)
    {
        List<Segment> sealedNow;
        long sequence = 0;
        lock (_gate)
        {
            var written = new List<RowRef>(batch.Rows);
            sealedNow = Apply(schema, batch, ts, replace, written);
            if (journal is not null)
                sequence = journal.Append(new RowsWritten(CollectionId, ts, replace, batch.PartitionIds, batch.Keys,
                    batch.Columns.Select(c => OutputColumn.Of(c.Field, written)).ToList()));
        }
        journal?.WaitDurable(sequence);
        return sealedNow;
    }

    /// <summary>Write's work, under the lock: the rows go to growing segments; <paramref name="written"/> collects where.</summary>
    private List<Segment> Apply(CollectionSchema schema, MutationBatch batch, ulong ts, bool replace, List<RowRef> written)
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
            var at = new RowRef(seg, row);
            IndexKey(key, at);
            written.Add(at);
            if (seg.RowCount >= SealRowCount)
            {
                seg.State = SegmentState.Sealed;
                sealedNow.Add(seg);
            }
        }
        return sealedNow;
    }

    /// <summary>Adds a row to the key's list, which stays newest last by insert time (snapshot segments come back in creation order, not write order).</summary>
    private void IndexKey(PrimaryKey key, RowRef row)
    {
        if (!_pk.TryGetValue(key, out var refs)) _pk[key] = refs = [];
        var ts = row.Segment.InsertTs[row.Row];
        var at = refs.Count;
        while (at > 0 && refs[at - 1].Segment.InsertTs[refs[at - 1].Row] > ts) at--;
        refs.Insert(at, row);
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

    /// <summary>
    /// Deletes every live row with one of the keys (in the given partitions, or all). With a journal, the keys that lost
    /// rows are logged and durable when this returns. Returns the rows deleted.
    /// </summary>
    public int Delete(IEnumerable<PrimaryKey> keys, ulong ts, IReadOnlySet<long>? partitions, IDataJournal? journal)
    {
        var deleted = 0;
        long sequence = 0;
        lock (_gate)
        {
            var hit = new List<PrimaryKey>();
            foreach (var key in keys.Distinct())
            {
                var n = TombstoneKey(key, ts, partitions);
                if (n == 0) continue;
                deleted += n;
                hit.Add(key);
            }
            if (journal is not null && hit.Count > 0)
                sequence = journal.Append(new RowsDeleted(CollectionId, ts, partitions?.ToArray(), [.. hit]));
        }
        journal?.WaitDurable(sequence);
        return deleted;
    }

    /// <summary>
    /// Live rows of the given partitions (all when null) that pass the filter, in primary-key order (in storage order when not <paramref name="byKey"/>). With
    /// <paramref name="dedupe"/>, a key inserted twice yields only its newest row (as query results reduce by key).
    /// </summary>
    public List<RowRef> Scan(CollectionSchema schema, IReadOnlySet<long>? partitions, Func<Query.IRowAccessor, bool>? filter, bool dedupe, bool byKey = true)
    {
        lock (_gate)
        {
            var view = new RowView(schema);
            var hits = new List<RowRef>();
            // The key index holds exactly the live rows, so a key has two live rows only when there are more live rows than keys.
            var shadowing = dedupe && LiveRows > _pk.Count;
            foreach (var seg in _segments)
            {
                if (partitions is not null && !partitions.Contains(seg.PartitionId)) continue;
                for (var row = 0; row < seg.RowCount; row++)
                {
                    if (!seg.IsLive(row)) continue;
                    var r = new RowRef(seg, row);
                    if (shadowing && _pk.TryGetValue(seg.Keys[row], out var refs) && refs[^1] != r) continue;
                    if (filter is not null && !filter(view.At(r))) continue;
                    hits.Add(r);
                }
            }
            if (byKey) hits.Sort((a, b) => a.Segment.Keys[a.Row].CompareTo(b.Segment.Keys[b.Row]));
            return hits;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the collection's lock (to read rows a scan returned consistently).</summary>
    public T Read<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    /// <summary>Flush: seals every growing segment (durably, with a journal). Returns (newly sealed, already sealed) segments.</summary>
    public (List<Segment> Sealed, List<Segment> AlreadySealed) SealAll(IDataJournal? journal)
    {
        List<Segment> already, now;
        long sequence = 0;
        lock (_gate)
        {
            already = _segments.Where(s => s.State == SegmentState.Sealed).ToList();
            now = _segments.Where(s => s.State == SegmentState.Growing && s.RowCount > 0).ToList();
            foreach (var s in now) s.State = SegmentState.Sealed;
            if (journal is not null && now.Count > 0) sequence = journal.Append(new SegmentsSealed(CollectionId));
        }
        journal?.WaitDurable(sequence);
        return (now, already);
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

    /// <summary>Truncate: every segment goes (durably, with a journal); returns their ids.</summary>
    public List<long> Clear(IDataJournal? journal)
    {
        List<long> ids;
        long sequence = 0;
        lock (_gate)
        {
            ids = _segments.Select(s => s.Id).ToList();
            _segments.Clear();
            _pk.Clear();
            LiveRows = 0;
            if (journal is not null) sequence = journal.Append(new CollectionTruncated(CollectionId));
        }
        journal?.WaitDurable(sequence);
        return ids;
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

    /// <summary>
    /// The live rows, one record per segment that has any, taken segment by segment so only one is encoded at a time.
    /// Tombstoned rows are left out: the snapshot is also a compaction.
    /// </summary>
    public IEnumerable<SegmentSnapshot> Snapshot()
    {
        Segment[] segments;
        lock (_gate) segments = [.. _segments];
        foreach (var seg in segments)
        {
            SegmentSnapshot? record = null;
            lock (_gate)
            {
                var live = Enumerable.Range(0, seg.RowCount).Where(seg.IsLive).Select(row => new RowRef(seg, row)).ToList();
                if (live.Count > 0)
                    record = new SegmentSnapshot(CollectionId, seg.Id, seg.PartitionId, seg.State == SegmentState.Sealed,
                        [.. live.Select(r => seg.Keys[r.Row])], [.. live.Select(r => seg.InsertTs[r.Row])],
                        seg.Columns.Values.Select(c => OutputColumn.Of(c.Field, live)).ToList());
            }
            if (record is not null) yield return record;
        }
    }

    /// <summary>Brings a segment back from a snapshot (on start, before any write).</summary>
    public void Restore(SegmentSnapshot snapshot, CollectionSchema schema)
    {
        lock (_gate)
        {
            var seg = new Segment(snapshot.SegmentId, snapshot.PartitionId) { State = snapshot.Sealed ? SegmentState.Sealed : SegmentState.Growing };
            var rows = snapshot.Keys.Length;
            foreach (var source in snapshot.Columns)
            {
                if (schema.Fields.FirstOrDefault(f => f.FieldID == source.FieldId) is not { } field) continue;
                var column = Column.Create(field);
                for (var r = 0; r < rows; r++)
                    if (OutputColumn.IsValid(source, r)) column.AppendFrom(source, r);
                    else column.AppendNull();
                seg.Columns[field.FieldID] = column;
            }
            for (var r = 0; r < rows; r++)
            {
                seg.Keys.Add(snapshot.Keys[r]);
                seg.InsertTs.Add(snapshot.InsertTimestamps[r]);
                seg.DeleteTs.Add(0);
                IndexKey(snapshot.Keys[r], new RowRef(seg, r));
            }
            seg.LiveCount = rows;
            LiveRows += rows;
            _segments.Add(seg);
        }
    }

    internal static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
