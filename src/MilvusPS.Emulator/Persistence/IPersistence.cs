namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// Where the emulator's state lives. Memory-only without a data folder; with one, the folder (held
/// exclusively) keeps the catalogue and the entity data, each as an append-only log of mutations plus a snapshot.
/// </summary>
public interface IPersistence : IDisposable
{
    /// <summary>The data folder, or null when state lives in memory only.</summary>
    string? Location { get; }

    /// <summary>Whether state survives a restart.</summary>
    bool IsDurable { get; }

    /// <summary>The catalogue's journal.</summary>
    ICatalogJournal Journal { get; }

    /// <summary>The entity data's journal, or null when rows live in memory only (and nothing is recorded).</summary>
    IDataJournal? DataJournal { get; }

    /// <summary>Writes a snapshot of the catalogue and empties its log (clean shutdown, or when the logs grow large).</summary>
    void WriteSnapshot(IReadOnlyList<CatalogRecord> records);

    /// <summary>Bytes in the catalogue and data logs together (0 in memory): when it grows large, a snapshot is due.</summary>
    long LogBytes { get; }
}

/// <summary>No data folder: everything is lost when the emulator stops.</summary>
public sealed class MemoryPersistence : IPersistence, ICatalogJournal
{
    public string? Location => null;
    public bool IsDurable => false;
    public ICatalogJournal Journal => this;
    public IDataJournal? DataJournal => null;
    public IEnumerable<CatalogRecord> ReadAll() => [];
    public void Append(CatalogRecord record) { }
    public void WriteSnapshot(IReadOnlyList<CatalogRecord> records) { }
    public long LogBytes => 0;
    public void Dispose() { }
}
