using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Storage;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Services;

// Data: Insert, Upsert, Delete, Query (and Get, which clients send as a Query on the key), Flush, GetFlushState.
internal sealed partial class MilvusServiceFacade
{
    /// <summary>quotaAndLimits.limits.maxQueryResultWindow.</summary>
    private const long MaxQueryResultWindow = 16384;

    public override Task<MutationResult> Insert(InsertRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        var batch = MutationValidator.Validate(_state.Catalog, c, request.FieldsData, request.NumRows, request.PartitionName, MutationKind.Insert, AllocateIds);
        var ts = _state.Tso.AllocOne();
        _state.Data.Write(c, batch, ts, replace: false);
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        var result = new MutationResult { Status = Ok(), IDs = PrimaryKey.ToIds(batch.Keys, pk.DataType), InsertCnt = batch.Rows, Timestamp = ts };
        for (var i = 0; i < batch.Rows; i++) result.SuccIndex.Add((uint)i);
        return Task.FromResult(result);
    }

    public override Task<MutationResult> Upsert(UpsertRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        // partial_update exists from 2.6.1; an older server's parser drops the field.
        var partial = request.PartialUpdate && RpcAvailability.IsFieldAvailable("milvus.proto.milvus.UpsertRequest", "partial_update", _state.Catalog.Version);
        var batch = MutationValidator.Validate(_state.Catalog, c, request.FieldsData, request.NumRows, request.PartitionName,
            partial ? MutationKind.PartialUpsert : MutationKind.Upsert, AllocateIds);
        var ts = _state.Tso.AllocOne();
        _state.Data.Write(c, batch, ts, replace: true);
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        var result = new MutationResult { Status = Ok(), IDs = PrimaryKey.ToIds(batch.Keys, pk.DataType), UpsertCnt = batch.Rows, Timestamp = ts };
        for (var i = 0; i < batch.Rows; i++) result.SuccIndex.Add((uint)i);
        return Task.FromResult(result);
    }

    public override Task<MutationResult> Delete(DeleteRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        // Verified (deleteRunner.Init): WrapErrParameterInvalidMsg("failed to create delete plan: %v").
        var filter = FilterBridge.Compile(request.Expr, c, request.ExprTemplateValues, "failed to create delete plan");
        if (filter is null)
            // Verified text.
            throw MilvusError.ParameterInvalidMsg($"delete plan can't be empty or always true : {request.Expr}");
        HashSet<long>? partitions = null;
        if (c.HasPartitionKey)
        {
            // Verified: a plain errors.New here.
            if (!string.IsNullOrEmpty(request.PartitionName)) throw MilvusError.Plain("not support manually specifying the partition names if partition key mode is used");
        }
        else if (!string.IsNullOrEmpty(request.PartitionName))
        {
            Names.ValidatePartitionName(request.PartitionName);
            var p = _state.Catalog.PartitionsOf(c).FirstOrDefault(x => x.Name == request.PartitionName)
                ?? throw MilvusError.Of("PartitionNotFound", ("partition", request.PartitionName));
            partitions = [p.Id];
        }

        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        var ts = _state.Tso.AllocOne();
        long count;
        var keys = FilterBridge.SimpleKeys(request.Expr, pk);
        if (keys is not null)
        {
            // Simple delete: the proxy reports the number of keys it was given, whether or not they exist.
            _state.Data.Delete(c, keys, ts, partitions);
            count = keys.Count;
        }
        else
        {
            // Complex delete: a query (which needs the collection loaded), then a delete of what matched.
            if (c.LoadKind == LoadKind.None)
                // unverified text: the query part fails like Query does, without the "failed to query" prefix.
                throw MilvusError.Of("CollectionNotLoaded", ("collection", c.Id));
            var matched = _state.Data.Of(c).Scan(c.Schema, partitions, filter, dedupe: false);
            _state.Data.Delete(c, matched.Select(r => r.Segment.Keys[r.Row]), ts, partitions);
            count = matched.Count;
        }
        return Task.FromResult(new MutationResult { Status = Ok(), IDs = new IDs(), DeleteCnt = count, Timestamp = ts });
    }

    public override Task<QueryResults> Query(QueryRequest request, ServerCallContext context)
    {
        var c = DataCollection(context, request.DbName, request.CollectionName);
        if (c.HasPartitionKey && request.PartitionNames.Count > 0)
            // Verified (queryTask.PreExecute).
            throw MilvusError.ParameterInvalidMsg("not support manually specifying the partition names if partition key mode is used");
        foreach (var tag in request.PartitionNames) Names.ValidatePartitionName(tag);

        var (limit, offset) = ParseQueryParams(request.QueryParams);
        var filter = FilterBridge.Compile(request.Expr, c, request.ExprTemplateValues, "failed to create query plan");
        var outputs = request.OutputFields.Select(o => o.Trim()).ToList();
        var isCount = outputs.Count == 1 && outputs[0].Equals("count(*)", StringComparison.OrdinalIgnoreCase);
        var plan = isCount ? null : TranslateOutputFields(c, outputs);
        if (isCount && limit is not null)
            // Verified (queryTask.PreExecute, 2.6 text).
            throw MilvusError.ParameterInvalidMsg("count entities with pagination is not allowed");
        if (filter is null && limit is null && !isCount)
            // Verified (2.6 queryTask.PreExecute); older servers word it the same.
            throw MilvusError.ParameterInvalidMsg("empty expression should be used with limit");

        var all = _state.Catalog.PartitionsOf(c);
        var targets = new List<PartitionEntry>();
        foreach (var name in request.PartitionNames)
            // unverified text (proxy getPartitionIDs)
            targets.Add(all.FirstOrDefault(p => p.Name == name) ?? throw MilvusError.Plain($"partition name {name} not found"));

        // Execute: the collection (or the named partitions) must be loaded.
        var scope = LoadedScope(c, targets, "failed to query");

        var data = _state.Data.Of(c);
        var rows = data.Scan(c.Schema, scope, filter, dedupe: !isCount);
        var response = new QueryResults { Status = Ok(), CollectionName = request.CollectionName, SessionTs = _state.Tso.AllocOne() };
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        if (RpcAvailability.IsFieldAvailable("milvus.proto.milvus.QueryResults", "primary_field_name", _state.Catalog.Version))
            response.PrimaryFieldName = pk.Name;
        if (isCount)
        {
            response.FieldsData.Add(new FieldData
            {
                Type = DataType.Int64,
                FieldName = "count(*)",
                Scalars = new ScalarField { LongData = new LongArray { Data = { (long)rows.Count } } },
            });
            response.OutputFields.Add("count(*)");
            return Task.FromResult(response);
        }

        IEnumerable<RowRef> window = rows;
        if (limit is not null) window = rows.Skip((int)offset).Take((int)limit.Value);
        var page = window.ToList();
        data.Read(() => { WriteOutput(response, plan!, page); return 0; });
        return Task.FromResult(response);
    }

    public override Task<FlushResponse> Flush(FlushRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var response = new FlushResponse { Status = Ok(), DbName = db };
        var flushTs = _state.Tso.AllocOne();
        var sealTime = _state.Clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var name in request.CollectionNames)
        {
            var c = _state.Catalog.GetCollection(db, name);
            var (sealedNow, already) = _state.Data.Flush(c);
            // datacoord: segments this flush sealed, and those already flushed.
            response.CollSegIDs[name] = new LongArray { Data = { sealedNow.Select(s => s.Id) } };
            response.FlushCollSegIDs[name] = new LongArray { Data = { already.Select(s => s.Id) } };
            response.CollSealTimes[name] = sealTime;
            response.CollFlushTs[name] = flushTs;
        }
        return Task.FromResult(response);
    }

    public override Task<GetFlushStateResponse> GetFlushState(GetFlushStateRequest request, ServerCallContext context)
    {
        var flushed = true;
        if (!string.IsNullOrEmpty(request.CollectionName))
        {
            var c = _state.Catalog.GetCollection(Db(context, request.DbName), request.CollectionName);
            if (_state.Data.Find(c.Id) is { } data) flushed = request.SegmentIDs.All(data.IsSealed);
        }
        // Sealed segments are flushed at once: nothing waits on a checkpoint here.
        return Task.FromResult(new GetFlushStateResponse { Status = Ok(), Flushed = flushed });
    }

    // ---- helpers -------------------------------------------------------------------------------

    private CollectionEntry DataCollection(ServerCallContext context, string? dbName, string collectionName)
    {
        Names.ValidateCollectionName(collectionName);
        return _state.Catalog.GetCollection(Db(context, dbName), collectionName);
    }

    /// <summary>Auto ids: consecutive values from the id allocator (TSO-shaped, like rootcoord's), monotonic across calls.</summary>
    private long[] AllocateIds(int count)
    {
        var ids = new long[count];
        var done = 0;
        while (done < count)
        {
            var chunk = Math.Min(count - done, (int)TimestampOracle.LogicalMask);
            var first = (long)_state.Tso.Alloc(chunk);
            for (var i = 0; i < chunk; i++) ids[done + i] = first + i;
            done += chunk;
        }
        return ids;
    }

    /// <summary>parseQueryParams: limit and offset (offset only counts with a limit), and the result window.</summary>
    private static (long? Limit, long Offset) ParseQueryParams(IEnumerable<MilvusPS.Protocol.KeyValuePair> pairs)
    {
        var list = pairs.ToList();
        var limitText = list.FirstOrDefault(p => p.Key == "limit")?.Value;
        if (limitText is null) return (null, 0);
        // Verified texts (task_query.go parseQueryParams / validateMaxQueryResultWindow): plain errors, code 65535.
        if (!long.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
            throw MilvusError.Plain($"limit [{limitText}] is invalid");
        long offset = 0;
        var offsetText = list.FirstOrDefault(p => p.Key == "offset")?.Value;
        if (offsetText is not null && !long.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset))
            throw MilvusError.Plain($"offset [{offsetText}] is invalid");
        const string prefix = "invalid max query result window, ";
        if (offset < 0) throw MilvusError.Plain($"{prefix}offset [{offset}] is invalid, should be gte than 0");
        if (limit <= 0) throw MilvusError.Plain($"{prefix}limit [{limit}] is invalid, should be greater than 0");
        var depth = offset + limit;
        if (depth <= 0 || depth > MaxQueryResultWindow)
            throw MilvusError.Plain($"{prefix}(offset+limit) should be in range [1, {MaxQueryResultWindow}], but got {depth}");
        return (limit, offset);
    }

    private sealed record OutputPlan(List<FieldSchema> Fields, FieldSchema? Dynamic, bool AllDynamic, List<string> DynamicKeys, List<string> Names);

    /// <summary>translateOutputFields: names, <c>*</c>, dynamic keys; the primary key always comes back.</summary>
    private static OutputPlan TranslateOutputFields(CollectionEntry c, List<string> requested)
    {
        var fields = new List<FieldSchema>();
        var names = new List<string>();
        var keys = new List<string>();
        var dynamic = c.Schema.EnableDynamicField ? c.Schema.Fields.FirstOrDefault(f => f.IsDynamic) : null;
        var allDynamic = false;
        void AddField(FieldSchema f)
        {
            if (fields.Contains(f)) return;
            fields.Add(f);
            names.Add(f.Name);
        }
        foreach (var name in requested)
        {
            if (name == "*")
            {
                foreach (var f in c.Schema.Fields.Where(f => !f.IsDynamic)) AddField(f);
                if (dynamic is not null && !allDynamic) { allDynamic = true; names.Add(dynamic.Name); }
                continue;
            }
            var field = c.Schema.Fields.FirstOrDefault(f => f.Name == name);
            if (field is { IsDynamic: false }) { AddField(field); continue; }
            if (dynamic is null)
                // Verified text: fmt.Errorf("field %s not exist") (code 65535).
                throw MilvusError.Plain($"field {name} not exist");
            if (field is not null) { if (!allDynamic) { allDynamic = true; names.Add(dynamic.Name); } continue; }
            if (!keys.Contains(name)) { keys.Add(name); names.Add(name); }
        }
        var pk = c.Schema.Fields.First(f => f.IsPrimaryKey);
        AddField(pk);
        if (allDynamic) keys.Clear();
        return new OutputPlan(fields, dynamic, allDynamic, keys, names.Distinct().ToList());
    }

    private static void WriteOutput(QueryResults response, OutputPlan plan, List<RowRef> rows)
    {
        response.FieldsData.AddRange(OutputColumns(plan, rows));
        response.OutputFields.AddRange(plan.Names);
    }

    /// <summary>Columnar output aligned with the rows (query results and search hits alike); dynamic keys picked from <c>$meta</c>.</summary>
    private static List<FieldData> OutputColumns(OutputPlan plan, List<RowRef> rows)
    {
        var columns = new List<FieldData>();
        foreach (var field in plan.Fields) columns.Add(OutputColumn.Of(field, rows));
        if (plan.Dynamic is { } meta && (plan.AllDynamic || plan.DynamicKeys.Count > 0))
        {
            var output = Storage.Column.NewOutput(meta);
            foreach (var r in rows)
            {
                var raw = r.Segment.Find(meta.FieldID) is JsonColumn col && !col.IsNull(r.Row) ? col.Raw(r.Row) : ByteString.CopyFromUtf8("{}");
                if (!plan.AllDynamic)
                {
                    var source = JsonNode.Parse(raw.Span) as JsonObject ?? [];
                    var picked = new JsonObject();
                    foreach (var key in plan.DynamicKeys)
                        if (source.TryGetPropertyValue(key, out var value)) picked[key] = value?.DeepClone();
                    raw = ByteString.CopyFromUtf8(picked.ToJsonString());
                }
                output.Scalars.JsonData.Data.Add(raw);
            }
            columns.Add(output);
        }
        return columns;
    }
}
