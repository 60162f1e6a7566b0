using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

// Collections.
internal sealed partial class MilvusServiceFacade
{
    public override Task<WireStatus> CreateCollection(CreateCollectionRequest request, ServerCallContext context)
    {
        CollectionSchema schema;
        try
        {
            schema = CollectionSchema.Parser.ParseFrom(request.Schema);
        }
        catch (InvalidProtocolBufferException e)
        {
            // unverified text: the proxy reports proto.Unmarshal's error as a plain error.
            throw MilvusError.Plain(e.Message);
        }
        _state.Catalog.CreateCollection(Db(context, request.DbName), request.CollectionName, schema, request.ShardsNum,
            request.ConsistencyLevel, Pairs(request.Properties), request.NumPartitions);
        return Done();
    }

    public override Task<WireStatus> DropCollection(DropCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.DropCollection(Db(context, request.DbName), request.CollectionName);
        return Done();
    }

    public override Task<BoolResponse> HasCollection(HasCollectionRequest request, ServerCallContext context) =>
        Task.FromResult(new BoolResponse { Status = Ok(), Value = _state.Catalog.HasCollection(Db(context, request.DbName), request.CollectionName) });

    public override Task<DescribeCollectionResponse> DescribeCollection(DescribeCollectionRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        try
        {
            var c = string.IsNullOrEmpty(request.CollectionName) && request.CollectionID != 0
                ? _state.Catalog.GetCollectionById(db, request.CollectionID)
                : _state.Catalog.GetCollection(db, request.CollectionName);
            return Task.FromResult(Describe(c));
        }
        catch (MilvusError e) when (e.Info.Name == "CollectionNotFound")
        {
            return Task.FromResult(new DescribeCollectionResponse { Status = CollectionNotFoundForSdks(e, db, request.CollectionName) });
        }
    }

    /// <summary>
    /// The proxy rewrites a missing collection in DescribeCollection "for compatibility with PyMilvus": code 100 stays,
    /// the reason becomes "can't find collection[database=..][collection=..]" (the name as asked, empty when asked by id)
    /// and the error is flagged as the caller's. Before 2.6 the legacy error_code also became UnexpectedError; 2.6 keeps
    /// CollectionNotExists and puts the new text in detail too.
    /// </summary>
    private WireStatus CollectionNotFoundForSdks(MilvusError error, string database, string collection)
    {
        var status = StatusFactory.FromError(error);
        var reason = $"can't find collection[database={database}][collection={collection}]";
        status.Reason = reason;
        status.ExtraInfo[StatusFactory.InputErrorFlagKey] = "true";
        if (_state.Profile.Version >= new MilvusVersion(2, 6, 0)) status.Detail = reason;
#pragma warning disable CS0612 // error_code is deprecated, but SDKs still read it
        else status.ErrorCode = ErrorCode.UnexpectedError;
#pragma warning restore CS0612
        return status;
    }

    internal DescribeCollectionResponse Describe(CollectionEntry c)
    {
        var schema = c.Schema.Clone();
        // The proxy hides the dynamic $meta field (and the system fields, which we never store).
        foreach (var hidden in schema.Fields.Where(f => f.IsDynamic).ToList()) schema.Fields.Remove(hidden);
        schema.DbName = c.DbName;
        var response = new DescribeCollectionResponse
        {
            Status = Ok(),
            Schema = schema,
            CollectionID = c.Id,
            CreatedTimestamp = c.CreatedTimestamp,
            CreatedUtcTimestamp = (ulong)TimestampOracle.Parse(c.CreatedTimestamp).PhysicalMs,
            ShardsNum = c.ShardsNum,
            ConsistencyLevel = c.ConsistencyLevel,
            CollectionName = c.Name,
            DbName = c.DbName,
            DbId = c.DbId,
            // rootcoord: len(collInfo.Partitions), so 1 for a plain collection (_default), 16 for a default partition-key one.
            NumPartitions = c.Partitions.Count,
            RequestTime = _state.Tso.AllocOne(),
            UpdateTimestamp = c.UpdateTimestamp,
            // The hybrid timestamp in decimal (strconv.FormatUint): JavaScript SDKs send it back as InsertRequest.schema_timestamp.
            UpdateTimestampStr = c.UpdateTimestamp.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < c.ShardsNum; i++)
        {
            // rootcoord's channel names: physical dml channels, and one virtual channel per shard on them.
            var physical = $"by-dev-rootcoord-dml_{i % 16}";
            response.PhysicalChannelNames.Add(physical);
            response.VirtualChannelNames.Add($"{physical}_{c.Id}v{i}");
        }
        response.Aliases.AddRange(_state.Catalog.AliasesOf(c));
        response.Properties.AddRange(c.Properties.ToWire());
        return response;
    }

    public override Task<ShowCollectionsResponse> ShowCollections(ShowCollectionsRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
#pragma warning disable CS0612 // collection_names and inMemory_percentages are deprecated but still filled by Milvus
        IEnumerable<CollectionEntry> list = _state.Catalog.ListCollections(db);
        if (request.CollectionNames.Count > 0)
            list = request.CollectionNames.Select(n => _state.Catalog.GetCollection(db, n)).ToList();
        var inMemory = request.Type == ShowType.InMemory;
        var response = new ShowCollectionsResponse { Status = Ok() };
        foreach (var c in list)
        {
            var percent = _state.Catalog.InMemoryPercentage(c);
            if (inMemory && percent is null) continue;
            response.CollectionNames.Add(c.Name);
            response.CollectionIds.Add(c.Id);
            response.CreatedTimestamps.Add(c.CreatedTimestamp);
            response.CreatedUtcTimestamps.Add((ulong)TimestampOracle.Parse(c.CreatedTimestamp).PhysicalMs);
            response.ShardsNum.Add(c.ShardsNum);
            if (inMemory)
            {
                response.InMemoryPercentages.Add(percent ?? 0);
                response.QueryServiceAvailable.Add(percent == 100);
            }
        }
#pragma warning restore CS0612
        return Task.FromResult(response);
    }

    public override Task<WireStatus> RenameCollection(RenameCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.RenameCollection(Db(context, request.DbName), request.OldName, request.NewName, request.NewDBName);
        return Done();
    }

    public override Task<WireStatus> AlterCollection(AlterCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.AlterCollection(Db(context, request.DbName), request.CollectionName, Pairs(request.Properties), request.DeleteKeys);
        return Done();
    }

    public override Task<WireStatus> AlterCollectionField(AlterCollectionFieldRequest request, ServerCallContext context)
    {
        _state.Catalog.AlterCollectionField(Db(context, request.DbName), request.CollectionName, request.FieldName, Pairs(request.Properties), request.DeleteKeys);
        return Done();
    }

    public override Task<WireStatus> AddCollectionField(AddCollectionFieldRequest request, ServerCallContext context)
    {
        FieldSchema field;
        try
        {
            field = FieldSchema.Parser.ParseFrom(request.Schema);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw MilvusError.Plain(e.Message);
        }
        _state.Catalog.AddCollectionField(Db(context, request.DbName), request.CollectionName, field);
        return Done();
    }

    public override Task<TruncateCollectionResponse> TruncateCollection(TruncateCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.TruncateCollection(Db(context, request.DbName), request.CollectionName);
        return Task.FromResult(new TruncateCollectionResponse { Status = Ok() });
    }

    public override Task<GetCollectionStatisticsResponse> GetCollectionStatistics(GetCollectionStatisticsRequest request, ServerCallContext context)
    {
        var c = _state.Catalog.GetCollection(Db(context, request.DbName), request.CollectionName);
        var response = new GetCollectionStatisticsResponse { Status = Ok() };
        response.Stats.Add(new MilvusPS.Protocol.KeyValuePair { Key = "row_count", Value = _state.Data.RowCount(c).ToString(CultureInfo.InvariantCulture) });
        return Task.FromResult(response);
    }
}
