using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using StorageState = MilvusPS.Emulator.Storage.SegmentState;

namespace MilvusPS.Emulator.Services;

// Segment information: what datacoord (persistent) and querycoord (loaded) know of a collection's segments.
internal sealed partial class MilvusServiceFacade
{
    /// <summary>
    /// The proxy asks datacoord for the Flushing, Flushed and Sealed segments of every partition, never growing ones. A
    /// sealed segment here is flushed as soon as it seals (there is no object storage to wait for). Before 2.5 the proxy
    /// copied only id, collection, partition, rows and state; later ones add level and is_sorted.
    /// </summary>
    public override Task<GetPersistentSegmentInfoResponse> GetPersistentSegmentInfo(GetPersistentSegmentInfoRequest request, ServerCallContext context)
    {
        var c = _state.Catalog.GetCollection(Db(context, request.DbName), request.CollectionName);
        var detailed = _state.Profile.Version >= new MilvusVersion(2, 5, 0);
        var response = new GetPersistentSegmentInfoResponse { Status = Ok() };
        foreach (var s in _state.Data.Of(c).SegmentInfo().Where(s => s.State == StorageState.Sealed).OrderBy(s => s.Id))
        {
            var info = new PersistentSegmentInfo { SegmentID = s.Id, CollectionID = c.Id, PartitionID = s.PartitionId, NumRows = s.Rows, State = SegmentState.Flushed };
            if (detailed)
            {
                // Every data segment datacoord opens is L1; unverified: is_sorted, which the stats task sets some time after a flush.
                info.Level = SegmentLevel.L1;
                info.IsSorted = true;
            }
            response.Infos.Add(info);
        }
        return Task.FromResult(response);
    }

    /// <summary>
    /// querycoord lists the sealed segments its query nodes serve for the collection's current target, always with state
    /// Sealed and one node id per replica (one here); mem_size and the index fields stay empty, as querycoord leaves them.
    /// A collection that is not loaded has no such segments: success with none (no "not loaded" error on this path).
    /// </summary>
    public override Task<GetQuerySegmentInfoResponse> GetQuerySegmentInfo(GetQuerySegmentInfoRequest request, ServerCallContext context)
    {
        var c = _state.Catalog.GetCollection(Db(context, request.DbName), request.CollectionName);
        var response = new GetQuerySegmentInfoResponse { Status = Ok() };
        if (c.LoadKind == LoadKind.None) return Task.FromResult(response);
        var loaded = _state.Catalog.LoadedPartitionsOf(c).Select(p => p.Id).ToHashSet();
        foreach (var s in _state.Data.Of(c).SegmentInfo().Where(s => s.State == StorageState.Sealed && loaded.Contains(s.PartitionId)).OrderBy(s => s.Id))
        {
            var info = new QuerySegmentInfo { SegmentID = s.Id, CollectionID = c.Id, PartitionID = s.PartitionId, NumRows = s.Rows, State = SegmentState.Sealed };
            info.NodeIds.Add(_state.NodeId);
            response.Infos.Add(info);
        }
        return Task.FromResult(response);
    }
}
