using System.Globalization;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Data;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Core.Schema;
using MilvusPS.Protocol;

namespace MilvusPS.Core.Operations;

/// <summary>What an insert, upsert or delete did.</summary>
public sealed class MilvusMutation
{
    public required string Collection { get; init; }
    public long InsertCount { get; init; }
    public long UpsertCount { get; init; }
    public long DeleteCount { get; init; }
    /// <summary>The primary keys written (generated ones for auto-id), in row order.</summary>
    public IReadOnlyList<object> Ids { get; init; } = [];
    public ulong Timestamp { get; init; }
}

/// <summary>Insert, upsert, delete, query and count.</summary>
public static class Entities
{
    /// <summary>
    /// Insert. With auto-id the server makes the keys, so a retry after the request may have arrived could
    /// insert rows twice: the call is NotIdempotent and retried only when it surely never reached the server.
    /// </summary>
    public static async Task<MilvusMutation> InsertAsync(this MilvusConnection c, string? database, string collection, string? partition,
        IReadOnlyList<FieldData> columns, int rowCount, bool autoId, CancellationToken ct)
    {
        var request = new InsertRequest { DbName = database ?? c.Database, CollectionName = collection, PartitionName = partition ?? string.Empty, NumRows = (uint)rowCount };
        request.FieldsData.AddRange(columns);
        var r = await c.CallAsync("Insert", collection, (s, o) => s.InsertAsync(request, o), x => x.Status,
            autoId ? Idempotency.NotIdempotent : Idempotency.Idempotent, ct).ConfigureAwait(false);
        return Mutation(collection, r);
    }

    /// <summary>Inserts the rows a batch builder holds.</summary>
    public static Task<MilvusMutation> InsertAsync(this MilvusConnection c, string? database, string collection, string? partition, EntityBatchBuilder batch, CancellationToken ct) =>
        c.InsertAsync(database, collection, partition, batch.Build(), batch.Count, batch.AutoId, ct);

    /// <summary>Upserts the rows a batch builder holds.</summary>
    public static Task<MilvusMutation> UpsertAsync(this MilvusConnection c, string? database, string collection, string? partition, EntityBatchBuilder batch, bool partialUpdate, CancellationToken ct) =>
        c.UpsertAsync(database, collection, partition, batch.Build(), batch.Count, partialUpdate, ct);

    /// <summary>Upsert (idempotent: the same rows replace the same keys); partial update keeps fields not sent (2.6+).</summary>
    public static async Task<MilvusMutation> UpsertAsync(this MilvusConnection c, string? database, string collection, string? partition,
        IReadOnlyList<FieldData> columns, int rowCount, bool partialUpdate, CancellationToken ct)
    {
        if (partialUpdate) c.Capabilities.Require("PartialUpdate", "Upsert", collection);
        var request = new UpsertRequest { DbName = database ?? c.Database, CollectionName = collection, PartitionName = partition ?? string.Empty, NumRows = (uint)rowCount, PartialUpdate = partialUpdate };
        request.FieldsData.AddRange(columns);
        var r = await c.CallAsync("Upsert", collection, (s, o) => s.UpsertAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return Mutation(collection, r);
    }

    public static async Task<MilvusMutation> DeleteAsync(this MilvusConnection c, string? database, string collection, string? partition, string expression, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? templates = null)
    {
        var request = new DeleteRequest { DbName = database ?? c.Database, CollectionName = collection, PartitionName = partition ?? string.Empty, Expr = expression };
        AddTemplates(c, request.ExprTemplateValues, templates, "Delete", collection);
        var r = await c.CallAsync("Delete", collection, (s, o) => s.DeleteAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        return Mutation(collection, r);
    }

    /// <summary>Query: rows matching the filter, with the given output fields, within offset+limit.</summary>
    public static async Task<IReadOnlyList<Dictionary<string, object?>>> QueryAsync(this MilvusConnection c, string? database, string collection, string expression,
        IReadOnlyList<string>? outputFields, IReadOnlyList<string>? partitions, long? limit, long? offset, MilvusConsistencyLevel? consistency, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? templates = null)
    {
        if (limit is { } window) Searches.CheckWindow("Query", collection, window, offset ?? 0);
        var request = new QueryRequest { DbName = database ?? c.Database, CollectionName = collection, Expr = expression };
        AddTemplates(c, request.ExprTemplateValues, templates, "Query", collection);
        if (outputFields is not null) request.OutputFields.AddRange(outputFields);
        if (partitions is not null) request.PartitionNames.AddRange(partitions);
        if (limit is { } l) request.QueryParams.Add(new Protocol.KeyValuePair { Key = "limit", Value = l.ToString(CultureInfo.InvariantCulture) });
        if (offset is { } o2 and > 0) request.QueryParams.Add(new Protocol.KeyValuePair { Key = "offset", Value = o2.ToString(CultureInfo.InvariantCulture) });
        if (consistency is { } level) request.ConsistencyLevel = (ConsistencyLevel)(int)level;
        else request.UseDefaultConsistency = true;
        var r = await c.CallAsync("Query", collection, (s, o) => s.QueryAsync(request, o), x => x.Status, Idempotency.Idempotent, ct).ConfigureAwait(false);
        var dynamicKeys = outputFields?.ToList();
        return FieldDataReader.ToRows(r.FieldsData, dynamicKeys);
    }

    /// <summary>count(*) of the rows matching the filter (all rows when empty).</summary>
    public static async Task<long> CountAsync(this MilvusConnection c, string? database, string collection, string? expression, IReadOnlyList<string>? partitions, CancellationToken ct,
        IReadOnlyDictionary<string, object?>? templates = null, MilvusConsistencyLevel? consistency = null)
    {
        var rows = await c.QueryAsync(database, collection, expression ?? string.Empty, ["count(*)"], partitions, null, null, consistency, ct, templates).ConfigureAwait(false);
        return rows.Count == 0 ? 0 : Convert.ToInt64(rows[0]["count(*)"], CultureInfo.InvariantCulture);
    }

    /// <summary>A filter selecting primary keys: <c>id in [1, 2]</c>, or quoted strings for a VarChar key.</summary>
    public static string IdFilter(MilvusField primaryKey, IEnumerable<object> ids)
    {
        var list = ids.Select(id => KeyLiteral(primaryKey, id)).ToList();
        if (list.Count == 0) throw MilvusErrors.Invalid("Query", primaryKey.Name, "No ids were given.");
        return $"{primaryKey.Name} in [{string.Join(", ", list)}]";
    }

    /// <summary>One primary key as a filter literal: a number, or a quoted, escaped string for a VarChar key.</summary>
    public static string KeyLiteral(MilvusField primaryKey, object id) => primaryKey.DataType == MilvusDataType.VarChar
        ? "\"" + Convert.ToString(id, CultureInfo.InvariantCulture)!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
        : EntityValues.ToInteger(id, MilvusDataType.Int64).ToString(CultureInfo.InvariantCulture);

    /// <summary>Filter template values for a request (Milvus 2.4.16+); bad values are refused before sending.</summary>
    internal static void AddTemplates(MilvusConnection c, Google.Protobuf.Collections.MapField<string, TemplateValue> target, IReadOnlyDictionary<string, object?>? templates, string operation, string collection)
    {
        if (templates is not { Count: > 0 }) return;
        c.Capabilities.Require("ExpressionTemplates", operation, collection);
        try
        {
            target.Add(FilterTemplates.ToWire(templates));
        }
        catch (EntityValueException e)
        {
            throw MilvusErrors.Invalid(operation, collection, e.Message, "FilterParameterInvalid");
        }
    }

    private static MilvusMutation Mutation(string collection, MutationResult r) => new()
    {
        Collection = collection,
        InsertCount = r.InsertCnt,
        UpsertCount = r.UpsertCnt,
        DeleteCount = r.DeleteCnt,
        Ids = r.IDs is null ? [] : r.IDs.IdFieldCase == IDs.IdFieldOneofCase.IntId ? r.IDs.IntId.Data.Cast<object>().ToList()
            : r.IDs.IdFieldCase == IDs.IdFieldOneofCase.StrId ? r.IDs.StrId.Data.Cast<object>().ToList() : [],
        Timestamp = r.Timestamp,
    };
}
