using System.Collections.Concurrent;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Sessions;

/// <summary>One client that called Connect.</summary>
public sealed class ConnectedClient
{
    private long _lastActiveTicks;

    internal ConnectedClient(long identifier, ClientInfo info, string database, string? user, DateTimeOffset connectedAt)
    {
        Identifier = identifier;
        Info = info;
        Database = database;
        User = user;
        ConnectedAt = connectedAt;
        _lastActiveTicks = connectedAt.UtcTicks;
    }

    public long Identifier { get; }
    public ClientInfo Info { get; }
    public string Database { get; }
    /// <summary>The authenticated user, when authentication is on.</summary>
    public string? User { get; }
    public DateTimeOffset ConnectedAt { get; }
    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveTicks, now.UtcTicks);
}

/// <summary>
/// The clients that called Connect, keyed by the identifier the server gave them. Milvus drops
/// a client after 24 hours without activity; activity is any call carrying its <c>identifier</c> header.
/// </summary>
public sealed class ClientRegistry
{
    public const string IdentifierHeader = "identifier";
    public static readonly TimeSpan InactivityLimit = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<long, ConnectedClient> _clients = new();
    private readonly TimeProvider _clock;

    public ClientRegistry(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    public ConnectedClient Register(long identifier, ClientInfo? info, string database, string? user)
    {
        Expire();
        var client = new ConnectedClient(identifier, info?.Clone() ?? new ClientInfo(), database, user, _clock.GetUtcNow());
        _clients[identifier] = client;
        return client;
    }

    /// <summary>Marks a client active (from the identifier header); unknown identifiers are ignored.</summary>
    public void Touch(long identifier)
    {
        if (_clients.TryGetValue(identifier, out var client)) client.Touch(_clock.GetUtcNow());
    }

    public bool TryGet(long identifier, out ConnectedClient client) => _clients.TryGetValue(identifier, out client!);

    public IReadOnlyCollection<ConnectedClient> Clients
    {
        get { Expire(); return _clients.Values.OrderBy(c => c.Identifier).ToArray(); }
    }

    private void Expire()
    {
        var cutoff = _clock.GetUtcNow() - InactivityLimit;
        foreach (var (id, client) in _clients)
            if (client.LastActive < cutoff) _clients.TryRemove(id, out _);
    }
}
