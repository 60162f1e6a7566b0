using System.Buffers.Binary;
using Google.Protobuf;
using MilvusPS.Emulator.Storage;

namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// Entity data on disk: <c>data.snapshot</c> (the live rows, replaced atomically) and <c>data.log</c> (mutations appended
/// in the order they were applied, fsync'd before the write is acknowledged). Both files are a header (8-byte magic,
/// 8-byte generation) followed by frames: payload length (u32), CRC-32 of the payload (u32), the <see cref="DataRecord"/>.
/// <para>
/// Group commit: writers queue their frames in memory; whoever then finds no fsync running writes everything queued and
/// fsyncs once for all of them. A snapshot names the log generation it absorbed and the log starts a new one, so a log
/// left behind by a crash between the two steps is recognised as stale rather than replayed twice. A torn or damaged
/// frame ends the log: replay stops there and the file is cut back, so appends go on after the last good record.
/// </para>
/// </summary>
public sealed class DataLog : IDataJournal, IDisposable
{
    public const string LogFileName = "data.log";
    public const string SnapshotFileName = "data.snapshot";
    /// <summary>Magic and generation at the start of both files: an empty log is this long.</summary>
    public const int HeaderLength = 16;
    private const int FrameHeaderLength = 8;
    /// <summary>A queue buffer grown larger than this by a big batch is dropped rather than kept for reuse.</summary>
    private const int MaxRetainedBuffer = 16 << 20;

    private static readonly byte[] LogMagic = "MPSDLOG1"u8.ToArray();
    private static readonly byte[] SnapshotMagic = "MPSDSNP1"u8.ToArray();

    private readonly string _folder;
    // _queueGate orders appends (the queue and its sequence numbers); _flushGate lets one writer at a time write and fsync.
    // Lock order: _flushGate, then _queueGate.
    private readonly object _queueGate = new();
    private readonly object _flushGate = new();
    private MemoryStream _queue = new();
    private MemoryStream _spare = new();
    private long _lastQueued;
    private long _lastDurable;
    private long _generation;
    private long _logBytes;
    private FileStream? _log;
    private Exception? _failure;

    public DataLog(string folder) => _folder = folder;

    private string LogPath => Path.Combine(_folder, LogFileName);
    private string SnapshotPath => Path.Combine(_folder, SnapshotFileName);

    public int Replay(Action<DataRecord> apply)
    {
        lock (_flushGate)
        {
            long covered = 0;
            if (File.Exists(SnapshotPath))
            {
                using var snapshot = OpenRead(SnapshotPath);
                // The snapshot was renamed into place complete: a short or damaged one is not a crash artefact.
                covered = ReadHeader(snapshot, SnapshotMagic) ?? throw Damaged(SnapshotPath, 0);
                var (_, good) = ReadFrames(snapshot, apply);
                if (good != snapshot.Length) throw Damaged(SnapshotPath, good);
            }

            long generation = 0, goodLength = 0;
            var replayed = 0;
            if (File.Exists(LogPath))
            {
                using var log = OpenRead(LogPath);
                // Shorter than a header: a crash while starting it, so it holds nothing.
                generation = ReadHeader(log, LogMagic) ?? 0;
                if (generation > covered) (replayed, goodLength) = ReadFrames(log, apply);
            }

            if (generation > covered) OpenForAppend(generation, goodLength);
            else StartLog(covered + 1); // no log yet, or one the snapshot already holds
            return replayed;
        }
    }

    public long Append(DataRecord record)
    {
        var payload = record.Encode();
        var header = FrameHeader(payload);
        lock (_queueGate)
        {
            ThrowIfFailed();
            _queue.Write(header);
            _queue.Write(payload);
            return ++_lastQueued;
        }
    }

    public void WaitDurable(long sequence)
    {
        if (Volatile.Read(ref _lastDurable) >= sequence) return;
        lock (_flushGate)
        {
            // The fsync we waited behind may have carried our record too.
            if (_lastDurable >= sequence) return;
            MemoryStream batch;
            long upTo;
            lock (_queueGate)
            {
                ThrowIfFailed();
                batch = _queue;
                _queue = _spare;
                upTo = _lastQueued;
            }
            try
            {
                var log = _log ?? throw new ObjectDisposedException(nameof(DataLog));
                log.Write(batch.GetBuffer(), 0, (int)batch.Length);
                log.Flush(flushToDisk: true);
                Interlocked.Add(ref _logBytes, batch.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // What reached the file is unknown now: refuse further writes rather than log out of order.
                lock (_queueGate) _failure = e;
                throw;
            }
            batch.SetLength(0);
            _spare = batch.Capacity > MaxRetainedBuffer ? new MemoryStream() : batch;
            Volatile.Write(ref _lastDurable, upTo);
        }
    }

    /// <summary>Bytes in the current log (header included): what a snapshot would let go.</summary>
    public long LogBytes => Volatile.Read(ref _logBytes);

    public void WriteSnapshot(IEnumerable<DataRecord> records)
    {
        lock (_flushGate)
        {
            lock (_queueGate)
            {
                ThrowIfFailed();
                // Records still queued were applied in memory, so the snapshot holds them: they must not reach the new log too.
                _queue.SetLength(0);
                Volatile.Write(ref _lastDurable, _lastQueued);
            }
            var temp = SnapshotPath + ".tmp";
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                f.Write(Header(SnapshotMagic, _generation));
                foreach (var record in records)
                {
                    var payload = record.Encode();
                    f.Write(FrameHeader(payload));
                    f.Write(payload);
                }
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, SnapshotPath, overwrite: true);
            // The new name must be on disk before the log is emptied, or a power loss could leave the old snapshot and no log.
            DirectorySync.Flush(_folder);
            // The snapshot holds this generation's records: start the next (a crash before this leaves a stale log).
            StartLog(_generation + 1);
        }
    }

    public void Dispose()
    {
        lock (_flushGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
            throw new IOException($"The data log could not be written ({_failure.Message}); writes are refused until the emulator restarts.", _failure);
    }

    private void StartLog(long generation)
    {
        _log?.Dispose();
        _log = new FileStream(LogPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        _log.Write(Header(LogMagic, generation));
        _log.Flush(flushToDisk: true);
        _generation = generation;
        Volatile.Write(ref _logBytes, HeaderLength);
    }

    private void OpenForAppend(long generation, long goodLength)
    {
        _log = new FileStream(LogPath, FileMode.Open, FileAccess.Write, FileShare.Read);
        if (_log.Length != goodLength)
        {
            _log.SetLength(goodLength); // the torn tail
            _log.Flush(flushToDisk: true);
        }
        _log.Seek(0, SeekOrigin.End);
        _generation = generation;
        Volatile.Write(ref _logBytes, goodLength);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    private static byte[] Header(byte[] magic, long generation)
    {
        var header = new byte[HeaderLength];
        magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), generation);
        return header;
    }

    /// <summary>The generation, or null when the file is shorter than a header.</summary>
    private static long? ReadHeader(FileStream file, byte[] magic)
    {
        var header = new byte[HeaderLength];
        if (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength) return null;
        if (!header.AsSpan(0, 8).SequenceEqual(magic))
            throw new DataFolderException($"'{file.Name}' is not a MilvusPS emulator data file.");
        return BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8));
    }

    private static byte[] FrameHeader(byte[] payload)
    {
        var header = new byte[FrameHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), PartitionKeyHash.Crc32(payload));
        return header;
    }

    /// <summary>Applies frames until the end of the file or the first torn or damaged one; returns how many, and where the good part ends.</summary>
    private static (int Records, long GoodLength) ReadFrames(FileStream file, Action<DataRecord> apply)
    {
        var header = new byte[FrameHeaderLength];
        var records = 0;
        var good = file.Position;
        while (file.ReadAtLeast(header, FrameHeaderLength, throwOnEndOfStream: false) == FrameHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length == 0 || length > file.Length - file.Position) break; // torn, or garbage where a frame should start
            var payload = new byte[length];
            file.ReadExactly(payload);
            if (PartitionKeyHash.Crc32(payload) != crc) break;
            DataRecord record;
            try { record = DataRecord.Decode(payload); }
            catch (Exception e) when (e is InvalidDataException or InvalidProtocolBufferException)
            {
                // The checksum matched, so these are the bytes we wrote: not a crash artefact but a format we cannot read.
                throw new DataFolderException($"'{file.Name}' holds a record this emulator cannot read (at byte {good}): {e.Message}", e);
            }
            apply(record);
            records++;
            good = file.Position;
        }
        return (records, good);
    }

    private static DataFolderException Damaged(string path, long at) =>
        new($"'{path}' is damaged at byte {at}: the emulator cannot restore its rows.");
}
