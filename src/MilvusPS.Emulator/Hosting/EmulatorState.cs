using MilvusPS.Emulator.Access;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Faults;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Emulator.Sessions;
using MilvusPS.Emulator.Versioning;

namespace MilvusPS.Emulator.Hosting;

/// <summary>Everything one emulator instance holds; one singleton per server, shared by services and interceptors.</summary>
internal sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options, VersionProfile profile, IPersistence persistence, TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
        Options = options;
        Profile = profile;
        Persistence = persistence;
        Tso = new TimestampOracle(Clock);
        Catalog = new MilvusCatalog(Tso, persistence.Journal, profile.Version, options.LoadMode, Clock, options.RealisticLoadTime);
        Data = new Storage.DataStore(Catalog, persistence.DataJournal, options.SegmentRowLimit);
        Credentials = new CredentialStore(options.RootPassword, Clock);
        Authenticator = new Authenticator(Credentials);
        Clients = new ClientRegistry(Clock);
        Faults = new FaultInjector(options.EnableFaults);
        StartedAt = Clock.GetUtcNow();
        if (persistence.IsDurable)
            Checkpoints = new Persistence.Checkpointer(() => persistence.LogBytes, options.SnapshotLogBytes, WriteSnapshots);
    }

    /// <summary>Snapshots of the rows, then of the catalogue; each starts its log afresh. No call may be in flight.</summary>
    public void WriteSnapshots()
    {
        Data.WriteSnapshot();
        Persistence.WriteSnapshot(Catalog.Snapshot());
    }

    /// <summary>With a data folder: the gate calls hold and the snapshots taken while running; null in memory.</summary>
    public Persistence.Checkpointer? Checkpoints { get; }

    public TimeProvider Clock { get; }
    public EmulatorOptions Options { get; }
    public VersionProfile Profile { get; }
    public IPersistence Persistence { get; }
    public TimestampOracle Tso { get; }
    public MilvusCatalog Catalog { get; }
    /// <summary>The rows: segments, primary-key index, tombstones (journalled in the data folder, when there is one).</summary>
    public Storage.DataStore Data { get; }
    public CredentialStore Credentials { get; }
    public Authenticator Authenticator { get; }
    public ClientRegistry Clients { get; }
    public FaultInjector Faults { get; }
    public DateTimeOffset StartedAt { get; }
    /// <summary>Manual compactions asked for: compaction id → collection id (bookkeeping only, not persisted).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, long> Compactions { get; } = new();
    /// <summary>Search iterator v2 positions by token.</summary>
    public Search.SearchIterators SearchIterators { get; } = new();

    public bool AuthorizationEnabled => Options.AuthorizationEnabled;

    /// <summary>The proxy's session ServerID, as GetComponentStates reports it.</summary>
    public long NodeId => 1;
}
