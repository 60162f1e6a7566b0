using Google.Protobuf;
using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Persistence;

/// <summary>Where the data store logs its mutations (a data folder), replays them on start, and compacts them.</summary>
public interface IDataJournal
{
    /// <summary>Feeds the snapshot, then the log, oldest first, to <paramref name="apply"/>. Returns how many log records there were.</summary>
    int Replay(Action<DataRecord> apply);

    /// <summary>
    /// Queues a record behind every one queued before and returns its sequence number. Called under the lock that applied
    /// the mutation, so the log keeps the order in which mutations were applied.
    /// </summary>
    long Append(DataRecord record);

    /// <summary>Returns once the record with this sequence number, and every one before it, is on disk.</summary>
    void WaitDurable(long sequence);

    /// <summary>Replaces the snapshot with <paramref name="records"/> and empties the log. No write may be in flight.</summary>
    void WriteSnapshot(IEnumerable<DataRecord> records);
}

/// <summary>
/// One entry of the data log or snapshot. Rows travel as wire columns: a FieldData per field, tagged with its field id,
/// one value per row (nulls as placeholders, valid_data for nullable fields), the shape query results have.
/// Encoded positionally with protobuf's primitives: a kind, then the record's fields in declaration order.
/// </summary>
public abstract record DataRecord
{
    private enum Kind : byte
    {
        RowsWritten = 1,
        RowsDeleted = 2,
        SegmentsSealed = 3,
        CollectionTruncated = 4,
        SegmentSnapshot = 5,
        TimestampWatermark = 6,
    }

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var o = new CodedOutputStream(buffer, leaveOpen: true))
        {
            switch (this)
            {
                case RowsWritten w:
                    o.WriteUInt32((uint)Kind.RowsWritten);
                    o.WriteInt64(w.CollectionId);
                    o.WriteUInt64(w.Timestamp);
                    o.WriteBool(w.Replace);
                    WriteLongs(o, w.PartitionIds);
                    WriteKeys(o, w.Keys);
                    WriteColumns(o, w.Columns);
                    break;
                case RowsDeleted d:
                    o.WriteUInt32((uint)Kind.RowsDeleted);
                    o.WriteInt64(d.CollectionId);
                    o.WriteUInt64(d.Timestamp);
                    o.WriteBool(d.PartitionIds is not null);
                    if (d.PartitionIds is not null) WriteLongs(o, d.PartitionIds);
                    WriteKeys(o, d.Keys);
                    break;
                case SegmentsSealed s:
                    o.WriteUInt32((uint)Kind.SegmentsSealed);
                    o.WriteInt64(s.CollectionId);
                    break;
                case CollectionTruncated t:
                    o.WriteUInt32((uint)Kind.CollectionTruncated);
                    o.WriteInt64(t.CollectionId);
                    break;
                case SegmentSnapshot s:
                    o.WriteUInt32((uint)Kind.SegmentSnapshot);
                    o.WriteInt64(s.CollectionId);
                    o.WriteInt64(s.SegmentId);
                    o.WriteInt64(s.PartitionId);
                    o.WriteBool(s.Sealed);
                    WriteKeys(o, s.Keys);
                    o.WriteInt32(s.InsertTimestamps.Length);
                    foreach (var ts in s.InsertTimestamps) o.WriteUInt64(ts);
                    WriteColumns(o, s.Columns);
                    break;
                case TimestampWatermark m:
                    o.WriteUInt32((uint)Kind.TimestampWatermark);
                    o.WriteUInt64(m.Timestamp);
                    break;
                default:
                    throw new InvalidOperationException($"No encoding for {GetType().Name}.");
            }
        }
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a record (also <see cref="InvalidProtocolBufferException"/>).</exception>
    public static DataRecord Decode(byte[] payload)
    {
        var i = new CodedInputStream(payload);
        DataRecord record = (Kind)i.ReadUInt32() switch
        {
            Kind.RowsWritten => new RowsWritten(i.ReadInt64(), i.ReadUInt64(), i.ReadBool(), ReadLongs(i), ReadKeys(i), ReadColumns(i)),
            Kind.RowsDeleted => new RowsDeleted(i.ReadInt64(), i.ReadUInt64(), i.ReadBool() ? ReadLongs(i) : null, ReadKeys(i)),
            Kind.SegmentsSealed => new SegmentsSealed(i.ReadInt64()),
            Kind.CollectionTruncated => new CollectionTruncated(i.ReadInt64()),
            Kind.SegmentSnapshot => new SegmentSnapshot(i.ReadInt64(), i.ReadInt64(), i.ReadInt64(), i.ReadBool(), ReadKeys(i), ReadTimestamps(i), ReadColumns(i)),
            Kind.TimestampWatermark => new TimestampWatermark(i.ReadUInt64()),
            var other => throw new InvalidDataException($"Unknown data record kind {(int)other}."),
        };
        if (!i.IsAtEnd) throw new InvalidDataException("Trailing bytes after a data record.");
        return record;
    }

    private static void WriteLongs(CodedOutputStream o, long[] values)
    {
        o.WriteInt32(values.Length);
        foreach (var v in values) o.WriteInt64(v);
    }

    private static long[] ReadLongs(CodedInputStream i)
    {
        var values = new long[Count(i)];
        for (var k = 0; k < values.Length; k++) values[k] = i.ReadInt64();
        return values;
    }

    private static ulong[] ReadTimestamps(CodedInputStream i)
    {
        var values = new ulong[Count(i)];
        for (var k = 0; k < values.Length; k++) values[k] = i.ReadUInt64();
        return values;
    }

    // Keys of one collection share a type: one flag, then the values.
    private static void WriteKeys(CodedOutputStream o, PrimaryKey[] keys)
    {
        var text = keys.Length > 0 && keys[0].IsString;
        o.WriteInt32(keys.Length);
        o.WriteBool(text);
        foreach (var k in keys)
            if (text) o.WriteString(k.Text!);
            else o.WriteInt64(k.Long);
    }

    private static PrimaryKey[] ReadKeys(CodedInputStream i)
    {
        var keys = new PrimaryKey[Count(i)];
        var text = i.ReadBool();
        for (var k = 0; k < keys.Length; k++) keys[k] = text ? PrimaryKey.Of(i.ReadString()) : PrimaryKey.Of(i.ReadInt64());
        return keys;
    }

    private static void WriteColumns(CodedOutputStream o, IReadOnlyList<FieldData> columns)
    {
        o.WriteInt32(columns.Count);
        foreach (var c in columns) o.WriteMessage(c);
    }

    private static List<FieldData> ReadColumns(CodedInputStream i)
    {
        var columns = new List<FieldData>();
        for (var n = Count(i); n > 0; n--)
        {
            var column = new FieldData();
            i.ReadMessage(column);
            columns.Add(column);
        }
        return columns;
    }

    private static int Count(CodedInputStream i)
    {
        var n = i.ReadInt32();
        return n >= 0 ? n : throw new InvalidDataException($"Negative count {n} in a data record.");
    }
}

/// <summary>
/// An insert (or, with <see cref="Replace"/>, an upsert) as it was applied: the keys (auto ids included), each row's
/// partition, and every field's value resolved (defaults filled, partial updates merged), so replay needs no validation.
/// </summary>
public sealed record RowsWritten(long CollectionId, ulong Timestamp, bool Replace, long[] PartitionIds, PrimaryKey[] Keys, IReadOnlyList<FieldData> Columns) : DataRecord;

/// <summary>A delete as it was applied: the keys that lost rows (a filter resolved to keys), in these partitions or, when null, in all.</summary>
public sealed record RowsDeleted(long CollectionId, ulong Timestamp, long[]? PartitionIds, PrimaryKey[] Keys) : DataRecord;

/// <summary>A flush: every growing segment of the collection sealed.</summary>
public sealed record SegmentsSealed(long CollectionId) : DataRecord;

/// <summary>TruncateCollection: every row of the collection gone.</summary>
public sealed record CollectionTruncated(long CollectionId) : DataRecord;

/// <summary>Snapshot: the live rows of one segment, in order, with their insert timestamps.</summary>
public sealed record SegmentSnapshot(long CollectionId, long SegmentId, long PartitionId, bool Sealed, PrimaryKey[] Keys, ulong[] InsertTimestamps, IReadOnlyList<FieldData> Columns) : DataRecord;

/// <summary>Snapshot: a timestamp above every one issued before it (deleted rows' auto ids included), so none is issued again.</summary>
public sealed record TimestampWatermark(ulong Timestamp) : DataRecord;
