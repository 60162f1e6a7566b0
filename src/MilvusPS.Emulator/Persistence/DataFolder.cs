using System.Text.Json;
using System.Text.Json.Nodes;

namespace MilvusPS.Emulator.Persistence;

/// <summary>Raised when the data folder cannot be used (another emulator holds it, or it is unreadable).</summary>
public sealed class DataFolderException : Exception
{
    public DataFolderException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A data folder: created if missing, marked with <c>emulator.json</c>, and locked for the lifetime of
/// the emulator so two emulators never share it. The catalogue lives in it as <see cref="CatalogLog"/>, the
/// entity data as <see cref="DataLog"/>.
/// </summary>
public sealed class DataFolder : IPersistence
{
    public const string MarkerFileName = "emulator.json";
    public const string LockFileName = "emulator.lock";
    public const int FormatVersion = 1;

    private readonly FileStream _lock;
    private readonly CatalogLog _catalog;
    private readonly DataLog _data;

    private DataFolder(string location, FileStream lockStream, JsonObject marker)
    {
        Location = location;
        _lock = lockStream;
        Marker = marker;
        _catalog = new CatalogLog(location);
        _data = new DataLog(location);
    }

    public string Location { get; }
    string? IPersistence.Location => Location;
    public bool IsDurable => true;
    public ICatalogJournal Journal => _catalog;
    public IDataJournal DataJournal => _data;
    public void WriteSnapshot(IReadOnlyList<CatalogRecord> records) => _catalog.WriteSnapshot(records);
    public long LogBytes => _catalog.LogBytes + _data.LogBytes;

    /// <summary>The contents of <c>emulator.json</c>.</summary>
    public JsonObject Marker { get; }

    public static DataFolder Open(string path, string milvusVersion, TimeProvider? clock = null)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderException($"Cannot create the data folder '{full}': {e.Message}", e);
        }

        FileStream lockStream;
        try
        {
            // FileShare.None is an exclusive OS lock (flock on Unix): a second emulator, in this
            // process or another, cannot open it while we hold it. The OS drops it if we die.
            lockStream = new FileStream(Path.Combine(full, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DataFolderException($"The data folder '{full}' is in use by another MilvusPS emulator. Stop it, or use another --data folder.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFolderException($"Cannot lock the data folder '{full}': {e.Message}", e);
        }

        try
        {
            WriteLockOwner(lockStream);
            var marker = ReadOrCreateMarker(full, milvusVersion, clock ?? TimeProvider.System);
            return new DataFolder(full, lockStream, marker);
        }
        catch
        {
            lockStream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _data.Dispose();
        _catalog.Dispose();
        _lock.Dispose();
    }

    private static void WriteLockOwner(FileStream stream)
    {
        var text = System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n");
        stream.SetLength(0);
        stream.Write(text);
        stream.Flush(flushToDisk: true);
    }

    private static JsonObject ReadOrCreateMarker(string folder, string milvusVersion, TimeProvider clock)
    {
        var path = Path.Combine(folder, MarkerFileName);
        if (File.Exists(path))
        {
            try
            {
                return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                    ?? throw new DataFolderException($"'{path}' is not a MilvusPS emulator marker (expected a JSON object).");
            }
            catch (JsonException e)
            {
                throw new DataFolderException($"'{path}' is not valid JSON: {e.Message}", e);
            }
        }

        var marker = new JsonObject
        {
            ["format"] = FormatVersion,
            ["milvusVersion"] = milvusVersion,
            ["emulatorVersion"] = typeof(DataFolder).Assembly.GetName().Version?.ToString(),
            ["created"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        // Write then rename, so a crash never leaves a half-written marker.
        var temp = path + ".tmp";
        File.WriteAllText(temp, marker.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(folder);
        return marker;
    }
}
