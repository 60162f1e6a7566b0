using System.Text;
using System.Text.Json;

namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// The catalogue on disk: <c>catalog.snapshot</c> (JSON lines, replaced atomically on clean shutdown) and
/// <c>catalog.log</c> (JSON lines appended and fsync'd before the RPC returns). A torn last line, left by a
/// crash mid-write, is ignored on replay and cut off so later appends start on a clean line.
/// </summary>
public sealed class CatalogLog : ICatalogJournal, IDisposable
{
    public const string LogFileName = "catalog.log";
    public const string SnapshotFileName = "catalog.snapshot";

    private readonly string _folder;
    private readonly object _gate = new();
    private FileStream? _log;
    private long _logBytes;

    public CatalogLog(string folder) => _folder = folder;

    /// <summary>Bytes in the log: what a snapshot would let go.</summary>
    public long LogBytes => Volatile.Read(ref _logBytes);

    private string LogPath => Path.Combine(_folder, LogFileName);
    private string SnapshotPath => Path.Combine(_folder, SnapshotFileName);

    public IEnumerable<CatalogRecord> ReadAll()
    {
        var records = new List<CatalogRecord>();
        if (File.Exists(SnapshotPath)) records.AddRange(ReadLines(File.ReadAllBytes(SnapshotPath), out _));
        if (File.Exists(LogPath))
        {
            var bytes = File.ReadAllBytes(LogPath);
            records.AddRange(ReadLines(bytes, out var goodLength));
            Volatile.Write(ref _logBytes, goodLength);
            if (goodLength < bytes.Length)
                using (var f = new FileStream(LogPath, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    f.SetLength(goodLength);
                    f.Flush(flushToDisk: true);
                }
        }
        return records;
    }

    /// <summary>Complete, parseable lines; <paramref name="goodLength"/> is where the first bad or unterminated one starts.</summary>
    private static List<CatalogRecord> ReadLines(byte[] bytes, out long goodLength)
    {
        var records = new List<CatalogRecord>();
        goodLength = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break; // torn: no newline yet
            var line = Encoding.UTF8.GetString(bytes, start, end - start).Trim();
            if (line.Length > 0)
            {
                CatalogRecord? record;
                try { record = CatalogRecord.FromJson(line); }
                catch (JsonException) { break; }
                if (record is null) break;
                records.Add(record);
            }
            start = end + 1;
            goodLength = start;
        }
        return records;
    }

    public void Append(CatalogRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(record.ToJson() + "\n");
        lock (_gate)
        {
            _log ??= new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            _log.Write(bytes);
            _log.Flush(flushToDisk: true);
            _logBytes += bytes.Length;
        }
    }

    public void WriteSnapshot(IReadOnlyList<CatalogRecord> records)
    {
        lock (_gate)
        {
            var temp = SnapshotPath + ".tmp";
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                foreach (var r in records) f.Write(Encoding.UTF8.GetBytes(r.ToJson() + "\n"));
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, SnapshotPath, overwrite: true);
            // The new name must be on disk before the log is emptied, or a power loss could leave the old snapshot and no log.
            DirectorySync.Flush(_folder);
            // The snapshot holds everything the log did: start the log afresh.
            _log?.Dispose();
            _log = null;
            using (var f = new FileStream(LogPath, FileMode.Create, FileAccess.Write, FileShare.None)) f.Flush(flushToDisk: true);
            _logBytes = 0;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
