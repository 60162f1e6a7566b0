using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

// Load/release, flush and compaction bookkeeping. Index RPCs are in Indexes.cs.
internal sealed partial class MilvusServiceFacade
{
    public override Task<WireStatus> LoadCollection(LoadCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.LoadCollection(Db(context, request.DbName), request.CollectionName, request.ReplicaNumber, request.LoadFields, request.Refresh);
        return Done();
    }

    public override Task<WireStatus> ReleaseCollection(ReleaseCollectionRequest request, ServerCallContext context)
    {
        _state.Catalog.ReleaseCollection(Db(context, request.DbName), request.CollectionName);
        return Done();
    }

    public override Task<WireStatus> LoadPartitions(LoadPartitionsRequest request, ServerCallContext context)
    {
        _state.Catalog.LoadPartitions(Db(context, request.DbName), request.CollectionName, request.PartitionNames, request.ReplicaNumber, request.LoadFields);
        return Done();
    }

    public override Task<WireStatus> ReleasePartitions(ReleasePartitionsRequest request, ServerCallContext context)
    {
        _state.Catalog.ReleasePartitions(Db(context, request.DbName), request.CollectionName, request.PartitionNames);
        return Done();
    }

    public override Task<GetLoadStateResponse> GetLoadState(GetLoadStateRequest request, ServerCallContext context) =>
        Task.FromResult(new GetLoadStateResponse
        {
            Status = Ok(),
            State = _state.Catalog.GetLoadState(Db(context, request.DbName), request.CollectionName, request.PartitionNames),
        });

    public override Task<GetLoadingProgressResponse> GetLoadingProgress(GetLoadingProgressRequest request, ServerCallContext context)
    {
        var progress = _state.Catalog.GetLoadingProgress(Db(context, request.DbName), request.CollectionName, request.PartitionNames);
        // Nothing to refresh without data: refresh progress follows the load.
        return Task.FromResult(new GetLoadingProgressResponse { Status = Ok(), Progress = progress, RefreshProgress = progress });
    }

    // Flush and GetFlushState live in Data.cs: they seal the data's segments.

    public override Task<FlushAllResponse> FlushAll(FlushAllRequest request, ServerCallContext context)
    {
#pragma warning disable CS0612 // flush_all_ts is deprecated in 2.6 but older clients poll with it
        return Task.FromResult(new FlushAllResponse { Status = Ok(), FlushAllTs = _state.Tso.AllocOne() });
#pragma warning restore CS0612
    }

    public override Task<GetFlushAllStateResponse> GetFlushAllState(GetFlushAllStateRequest request, ServerCallContext context) =>
        Task.FromResult(new GetFlushAllStateResponse { Status = Ok(), Flushed = true });

    public override Task<ManualCompactionResponse> ManualCompaction(ManualCompactionRequest request, ServerCallContext context)
    {
        var db = Db(context, request.DbName);
        var c = !string.IsNullOrEmpty(request.CollectionName)
            ? _state.Catalog.GetCollection(db, request.CollectionName)
            : _state.Catalog.GetCollectionById(db, request.CollectionID);
        if (request.MajorCompaction && !c.Schema.Fields.Any(f => f.IsClusteringKey))
            // unverified field shape: merr.ErrClusteringCompactionCollectionNotSupport
            throw MilvusError.Of("ClusteringCompactionCollectionNotSupport", ("collectionID", c.Id));
        var id = (long)_state.Tso.AllocOne();
        _state.Compactions[id] = c.Id;
        return Task.FromResult(new ManualCompactionResponse { Status = Ok(), CompactionID = id, CompactionPlanCount = 0 });
    }

    public override Task<GetCompactionStateResponse> GetCompactionState(GetCompactionStateRequest request, ServerCallContext context) =>
        // Without segments there is nothing to plan: a known compaction is Completed at once.
        Task.FromResult(new GetCompactionStateResponse
        {
            Status = Ok(),
            State = _state.Compactions.ContainsKey(request.CompactionID) ? CompactionState.Completed : CompactionState.UndefiedState,
        });

    public override Task<GetCompactionPlansResponse> GetCompactionStateWithPlans(GetCompactionPlansRequest request, ServerCallContext context) =>
        Task.FromResult(new GetCompactionPlansResponse
        {
            Status = Ok(),
            State = _state.Compactions.ContainsKey(request.CompactionID) ? CompactionState.Completed : CompactionState.UndefiedState,
        });
}
