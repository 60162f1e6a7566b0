using MilvusPS.Core.Connection;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>An alias and the collection it points to.</summary>
public sealed record MilvusAlias(string Alias, string Collection, string Database)
{
    public override string ToString() => $"{Alias} -> {Collection}";
}

/// <summary>Alias operations.</summary>
public static class Aliases
{
    /// <summary>Every alias of the database (or of one collection), with its target.</summary>
    public static async Task<IReadOnlyList<MilvusAlias>> ListAliasesAsync(this MilvusConnection c, string? database, string? collection, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("ListAliases", collection ?? db, (s, o) => s.ListAliasesAsync(new ListAliasesRequest { DbName = db, CollectionName = collection ?? string.Empty }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        var result = new List<MilvusAlias>();
        foreach (var alias in r.Aliases)
            result.Add(collection is not null ? new MilvusAlias(alias, collection, db) : await c.DescribeAliasAsync(db, alias, ct).ConfigureAwait(false));
        return result;
    }

    public static async Task<MilvusAlias> DescribeAliasAsync(this MilvusConnection c, string? database, string alias, CancellationToken ct)
    {
        var db = database ?? c.Database;
        var r = await c.CallAsync("DescribeAlias", alias, (s, o) => s.DescribeAliasAsync(new DescribeAliasRequest { DbName = db, Alias = alias }, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return new MilvusAlias(r.Alias, r.Collection, string.IsNullOrEmpty(r.DbName) ? db : r.DbName);
    }

    public static Task CreateAliasAsync(this MilvusConnection c, string? database, string collection, string alias, CancellationToken ct) =>
        c.CallAsync("CreateAlias", alias, (s, o) => s.CreateAliasAsync(new CreateAliasRequest { DbName = database ?? c.Database, CollectionName = collection, Alias = alias }, o), x => x, Idempotency.Idempotent, ct);

    /// <summary>Points an existing alias at another collection (the blue/green cut-over).</summary>
    public static Task AlterAliasAsync(this MilvusConnection c, string? database, string collection, string alias, CancellationToken ct) =>
        c.CallAsync("AlterAlias", alias, (s, o) => s.AlterAliasAsync(new AlterAliasRequest { DbName = database ?? c.Database, CollectionName = collection, Alias = alias }, o), x => x, Idempotency.Idempotent, ct);

    public static Task DropAliasAsync(this MilvusConnection c, string? database, string alias, CancellationToken ct) =>
        c.CallAsync("DropAlias", alias, (s, o) => s.DropAliasAsync(new DropAliasRequest { DbName = database ?? c.Database, Alias = alias }, o), x => x, Idempotency.Idempotent, ct);
}
