using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

/// <summary>GetPersistentSegmentInfo (datacoord's flushed segments) and GetQuerySegmentInfo (querycoord's loaded ones).</summary>
public sealed class SegmentInfoTests
{
    private static InsertRequest Rows(string collection, params long[] ids) => Cols.Insert(collection, (uint)ids.Length,
        Cols.Longs("id", ids), Cols.FloatVectors("vec", 8, ids.SelectMany(i => Enumerable.Repeat((float)i, 8)).ToArray()));

    [Theory]
    [InlineData("2.6", true)]
    [InlineData("2.4", false)]
    public async Task Flushed_segments_are_persistent_growing_ones_are_not_and_only_loaded_ones_are_served(string version, bool detailed)
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = version);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Simple("seg")));
        Schemas.Ok(await client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "seg", PartitionName = "p1" }));
        var index = new CreateIndexRequest { CollectionName = "seg", FieldName = "vec" };
        index.ExtraParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = "index_type", Value = "FLAT" });
        index.ExtraParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = "metric_type", Value = "L2" });
        Schemas.Ok(await client.CreateIndexAsync(index));

        Schemas.Ok((await client.InsertAsync(Rows("seg", 1, 2, 3))).Status);
        var intoP1 = Rows("seg", 10, 11);
        intoP1.PartitionName = "p1";
        Schemas.Ok((await client.InsertAsync(intoP1)).Status);

        // Growing only: nothing persistent yet.
        Assert.Empty((await client.GetPersistentSegmentInfoAsync(new GetPersistentSegmentInfoRequest { CollectionName = "seg" })).Infos);

        Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "seg" } })).Status);
        Schemas.Ok((await client.InsertAsync(Rows("seg", 4))).Status); // a new growing segment, not persistent
        var collectionId = (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "seg" })).CollectionID;
        var persistent = await client.GetPersistentSegmentInfoAsync(new GetPersistentSegmentInfoRequest { CollectionName = "seg" });
        Schemas.Ok(persistent.Status);
        Assert.Equal([2L, 3L], persistent.Infos.Select(i => i.NumRows).Order());
        Assert.All(persistent.Infos, i =>
        {
            Assert.Equal(collectionId, i.CollectionID);
            Assert.Equal(SegmentState.Flushed, i.State);
            Assert.Equal(detailed ? SegmentLevel.L1 : SegmentLevel.Legacy, i.Level);
        });
        Assert.Equal(2, persistent.Infos.Select(i => i.PartitionID).Distinct().Count());

        // Not loaded: querycoord serves nothing, and says so with success.
        var notLoaded = await client.GetQuerySegmentInfoAsync(new GetQuerySegmentInfoRequest { CollectionName = "seg" });
        Schemas.Ok(notLoaded.Status);
        Assert.Empty(notLoaded.Infos);

        // Only p1 loaded: its sealed segment, state Sealed, on one node.
        Schemas.Ok(await client.LoadPartitionsAsync(new LoadPartitionsRequest { CollectionName = "seg", PartitionNames = { "p1" } }));
        var p1 = (await client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "seg", PartitionNames = { "p1" } })).PartitionIDs.Single();
        var served = await client.GetQuerySegmentInfoAsync(new GetQuerySegmentInfoRequest { CollectionName = "seg" });
        Schemas.Ok(served.Status);
        var only = Assert.Single(served.Infos);
        Assert.Equal((p1, 2L, SegmentState.Sealed), (only.PartitionID, only.NumRows, only.State));
        Assert.Single(only.NodeIds);

        var missing = await client.GetPersistentSegmentInfoAsync(new GetPersistentSegmentInfoRequest { CollectionName = "nope" });
        Schemas.Fails(missing.Status, 100, "collection not found[database=default][collection=nope]");
        Schemas.Fails((await client.GetQuerySegmentInfoAsync(new GetQuerySegmentInfoRequest { CollectionName = "nope" })).Status, 100,
            "collection not found[database=default][collection=nope]");
    }
}
