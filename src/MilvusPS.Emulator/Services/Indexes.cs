using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

// Index RPCs: create (validated like the proxy), describe, alter, drop, and the deprecated state/progress RPCs.
internal sealed partial class MilvusServiceFacade
{
    public override Task<WireStatus> CreateIndex(CreateIndexRequest request, ServerCallContext context)
    {
        _state.Catalog.CreateIndex(Db(context, request.DbName), request.CollectionName, request.FieldName, request.IndexName, Pairs(request.ExtraParams));
        return Done();
    }

    public override Task<DescribeIndexResponse> DescribeIndex(DescribeIndexRequest request, ServerCallContext context)
    {
        var indexes = _state.Catalog.DescribeIndexes(Db(context, request.DbName), request.CollectionName, request.FieldName, request.IndexName);
        var response = new DescribeIndexResponse { Status = Ok() };
        foreach (var i in indexes) response.IndexDescriptions.Add(Describe(i));
        return Task.FromResult(response);
    }

    /// <summary>GetIndexStatistics: DescribeIndex's shape (without pending rows), as the proxy builds it.</summary>
    public override Task<GetIndexStatisticsResponse> GetIndexStatistics(GetIndexStatisticsRequest request, ServerCallContext context)
    {
        var indexes = _state.Catalog.DescribeIndexes(Db(context, request.DbName), request.CollectionName, null, request.IndexName);
        var response = new GetIndexStatisticsResponse { Status = Ok() };
        foreach (var i in indexes)
        {
            var d = Describe(i);
            d.PendingIndexRows = 0;
            response.IndexDescriptions.Add(d);
        }
        return Task.FromResult(response);
    }

    private IndexDescription Describe(IndexEntry i)
    {
        var p = _state.Catalog.GetIndexProgress(i);
        var d = new IndexDescription
        {
            IndexName = i.Name,
            IndexID = i.Id,
            FieldName = i.FieldName,
            State = p.State,
            IndexedRows = p.IndexedRows,
            TotalRows = p.TotalRows,
            PendingIndexRows = p.PendingIndexRows,
            IndexStateFailReason = p.FailReason,
        };
        // The user's params as given (AUTOINDEX: index_type=AUTOINDEX and the metric), with altered properties.
        d.Params.AddRange(i.Parameters.ToWire());
        return d;
    }

    public override Task<WireStatus> AlterIndex(AlterIndexRequest request, ServerCallContext context)
    {
        _state.Catalog.AlterIndex(Db(context, request.DbName), request.CollectionName, request.IndexName, Pairs(request.ExtraParams), request.DeleteKeys);
        return Done();
    }

    public override Task<WireStatus> DropIndex(DropIndexRequest request, ServerCallContext context)
    {
        _state.Catalog.DropIndex(Db(context, request.DbName), request.CollectionName, request.FieldName, request.IndexName);
        return Done();
    }

    /// <summary>
    /// Deprecated, still served. The 2.4 proxy (getIndexStateTask, verified) answers Success with datacoord's state and ignores
    /// datacoord's status, so an unknown (or ambiguous) index reads as IndexStateNone rather than an error.
    /// </summary>
    [Obsolete("Deprecated in the proto; served for older clients.")]
    public override Task<GetIndexStateResponse> GetIndexState(GetIndexStateRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var c = _state.Catalog.GetCollection(db, request.CollectionName);
        var matches = _state.Catalog.IndexesOf(c).Where(i => string.IsNullOrEmpty(request.IndexName) || i.Name == request.IndexName).ToList();
        var response = new GetIndexStateResponse { Status = Ok(), State = IndexState.None };
        if (matches.Count == 1)
        {
            var p = _state.Catalog.GetIndexProgress(matches[0]);
            response.State = p.State;
            response.FailReason = p.FailReason;
        }
        return Task.FromResult(response);
    }

    /// <summary>Deprecated, still served: datacoord's status passes through (700 unknown index, 702 several without a name).</summary>
    [Obsolete("Deprecated in the proto; served for older clients.")]
    public override Task<GetIndexBuildProgressResponse> GetIndexBuildProgress(GetIndexBuildProgressRequest request, ServerCallContext context)
    {
        var index = _state.Catalog.FindSingleIndex(Db(context, request.DbName), request.CollectionName, request.IndexName);
        var p = _state.Catalog.GetIndexProgress(index);
        return Task.FromResult(new GetIndexBuildProgressResponse { Status = Ok(), IndexedRows = p.IndexedRows, TotalRows = p.TotalRows });
    }
}
