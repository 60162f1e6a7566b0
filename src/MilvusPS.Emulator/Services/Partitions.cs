using System.Globalization;
using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

// Partitions and aliases.
internal sealed partial class MilvusServiceFacade
{
    public override Task<WireStatus> CreatePartition(CreatePartitionRequest request, ServerCallContext context)
    {
        _state.Catalog.CreatePartition(Db(context, request.DbName), request.CollectionName, request.PartitionName);
        return Done();
    }

    public override Task<WireStatus> DropPartition(DropPartitionRequest request, ServerCallContext context)
    {
        _state.Catalog.DropPartition(Db(context, request.DbName), request.CollectionName, request.PartitionName);
        return Done();
    }

    public override Task<BoolResponse> HasPartition(HasPartitionRequest request, ServerCallContext context) =>
        Task.FromResult(new BoolResponse { Status = Ok(), Value = _state.Catalog.HasPartition(Db(context, request.DbName), request.CollectionName, request.PartitionName) });

    public override Task<ShowPartitionsResponse> ShowPartitions(ShowPartitionsRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var c = string.IsNullOrEmpty(request.CollectionName) && request.CollectionID != 0
            ? _state.Catalog.GetCollectionById(db, request.CollectionID)
            : _state.Catalog.GetCollection(db, request.CollectionName);
        IEnumerable<PartitionEntry> list = _state.Catalog.PartitionsOf(c);
        if (request.PartitionNames.Count > 0)
            list = request.PartitionNames.Select(n => _state.Catalog.GetPartition(db, c.Name, n)).ToList();
#pragma warning disable CS0612 // type and inMemory_percentages are deprecated but still honoured by Milvus
        var inMemory = request.Type == ShowType.InMemory;
        var response = new ShowPartitionsResponse { Status = Ok() };
        foreach (var p in list)
        {
            var percent = _state.Catalog.InMemoryPercentage(c, p);
            if (inMemory && percent is null) continue;
            response.PartitionNames.Add(p.Name);
            response.PartitionIDs.Add(p.Id);
            response.CreatedTimestamps.Add(p.CreatedTimestamp);
            response.CreatedUtcTimestamps.Add((ulong)TimestampOracle.Parse(p.CreatedTimestamp).PhysicalMs);
            if (inMemory) response.InMemoryPercentages.Add(percent ?? 0);
        }
#pragma warning restore CS0612
        return Task.FromResult(response);
    }

    public override Task<GetPartitionStatisticsResponse> GetPartitionStatistics(GetPartitionStatisticsRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var p = _state.Catalog.GetPartition(db, request.CollectionName, request.PartitionName);
        var rows = _state.Data.RowCount(_state.Catalog.GetCollection(db, request.CollectionName), p);
        var response = new GetPartitionStatisticsResponse { Status = Ok() };
        response.Stats.Add(new MilvusPS.Protocol.KeyValuePair { Key = "row_count", Value = rows.ToString(CultureInfo.InvariantCulture) });
        return Task.FromResult(response);
    }

    public override Task<WireStatus> CreateAlias(CreateAliasRequest request, ServerCallContext context)
    {
        _state.Catalog.CreateAlias(Db(context, request.DbName), request.CollectionName, request.Alias);
        return Done();
    }

    public override Task<WireStatus> DropAlias(DropAliasRequest request, ServerCallContext context)
    {
        _state.Catalog.DropAlias(Db(context, request.DbName), request.Alias);
        return Done();
    }

    public override Task<WireStatus> AlterAlias(AlterAliasRequest request, ServerCallContext context)
    {
        _state.Catalog.AlterAlias(Db(context, request.DbName), request.CollectionName, request.Alias);
        return Done();
    }

    public override Task<DescribeAliasResponse> DescribeAlias(DescribeAliasRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var collection = _state.Catalog.DescribeAlias(db, request.Alias);
        return Task.FromResult(new DescribeAliasResponse { Status = Ok(), DbName = db, Alias = request.Alias, Collection = collection });
    }

    public override Task<ListAliasesResponse> ListAliases(ListAliasesRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var response = new ListAliasesResponse { Status = Ok(), DbName = db, CollectionName = request.CollectionName };
        response.Aliases.AddRange(_state.Catalog.ListAliases(db, request.CollectionName));
        return Task.FromResult(response);
    }
}
