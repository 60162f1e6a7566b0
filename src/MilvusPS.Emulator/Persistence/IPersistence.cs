namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// Where the emulator's state lives. Memory-only without a data folder; with one, the folder
/// (held exclusively). The catalog and storage will log mutations and restore state through this
/// seam (write-ahead log, snapshots, replay) in a later issue; today nothing is persisted.
/// </summary>
public interface IPersistence : IDisposable
{
    /// <summary>The data folder, or null when state lives in memory only.</summary>
    string? Location { get; }

    /// <summary>Whether state survives a restart. False until catalog persistence exists.</summary>
    bool IsDurable { get; }
}

/// <summary>No data folder: everything is lost when the emulator stops.</summary>
public sealed class MemoryPersistence : IPersistence
{
    public string? Location => null;
    public bool IsDurable => false;
    public void Dispose() { }
}
