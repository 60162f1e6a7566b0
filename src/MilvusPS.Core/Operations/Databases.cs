using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>A Milvus database.</summary>
public sealed class MilvusDatabase
{
    public required string Name { get; init; }
    public long Id { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public override string ToString() => Name;
}

/// <summary>Database operations: ListDatabases, DescribeDatabase, CreateDatabase, AlterDatabase, DropDatabase.</summary>
public static class Databases
{
    public static async Task<IReadOnlyList<MilvusDatabase>> ListAsync(this MilvusConnection c, CancellationToken ct)
    {
        var r = await c.CallAsync("ListDatabases", null, (s, o) => s.ListDatabasesAsync(new ListDatabasesRequest(), o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return r.DbNames.Select((name, i) => new MilvusDatabase
        {
            Name = name,
            Id = i < r.DbIds.Count ? r.DbIds[i] : 0,
            CreatedAt = i < r.CreatedTimestamp.Count ? WireHelpers.FromHybridTimestamp(r.CreatedTimestamp[i]) : null,
        }).ToList();
    }

    /// <summary>Describes one database; servers without DescribeDatabase (before 2.4.3) answer from ListDatabases, without properties.</summary>
    public static async Task<MilvusDatabase> DescribeAsync(this MilvusConnection c, string name, CancellationToken ct)
    {
        if (!c.Capabilities.Supports("DescribeDatabase"))
        {
            var all = await c.ListAsync(ct).ConfigureAwait(false);
            return all.FirstOrDefault(d => d.Name == name) ?? throw MilvusErrors.NotFound("DescribeDatabase", name, "DatabaseNotFound", $"database not found[database={name}]", 800);
        }
        var r = await c.CallAsync("DescribeDatabase", name, (s, o) => s.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = name }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return new MilvusDatabase
        {
            Name = r.DbName,
            Id = r.DbID,
            CreatedAt = WireHelpers.FromHybridTimestamp(r.CreatedTimestamp),
            Properties = WireHelpers.ToDictionary(r.Properties),
        };
    }

    public static Task CreateAsync(this MilvusConnection c, string name, IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        c.Capabilities.Require("Databases", "CreateDatabase", name);
        var request = new CreateDatabaseRequest { DbName = name };
        request.Properties.AddRange(WireHelpers.ToPairs(properties));
        return c.CallAsync("CreateDatabase", name, (s, o) => s.CreateDatabaseAsync(request, o), x => x, Idempotency.Idempotent, ct);
    }

    /// <summary>Sets, then removes, properties. Milvus takes one or the other per call, so both means two calls.</summary>
    public static async Task AlterAsync(this MilvusConnection c, string name, IReadOnlyDictionary<string, string>? set, IReadOnlyCollection<string>? remove, CancellationToken ct)
    {
        c.Capabilities.Require("DatabaseProperties", "AlterDatabase", name);
        if (remove is { Count: > 0 }) c.Capabilities.Require("DeleteDatabaseProperties", "AlterDatabase", name);
        if (set is { Count: > 0 })
        {
            var request = new AlterDatabaseRequest { DbName = name };
            request.Properties.AddRange(WireHelpers.ToPairs(set));
            await c.CallAsync("AlterDatabase", name, (s, o) => s.AlterDatabaseAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
        if (remove is { Count: > 0 })
        {
            var request = new AlterDatabaseRequest { DbName = name };
            request.DeleteKeys.AddRange(remove);
            await c.CallAsync("AlterDatabase", name, (s, o) => s.AlterDatabaseAsync(request, o), x => x, Idempotency.Idempotent, ct).ConfigureAwait(false);
        }
    }

    public static Task DropAsync(this MilvusConnection c, string name, CancellationToken ct) =>
        c.CallAsync("DropDatabase", name, (s, o) => s.DropDatabaseAsync(new DropDatabaseRequest { DbName = name }, o), x => x, Idempotency.Idempotent, ct);
}
