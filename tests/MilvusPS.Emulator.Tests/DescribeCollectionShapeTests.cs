using System.Globalization;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

/// <summary>
/// DescribeCollection fields that third-party SDKs read back: found by running the Node.js SDK
/// (@zilliz/milvus2-sdk-node) against the emulator, which sends update_timestamp_str back as a uint64.
/// </summary>
public sealed class DescribeCollectionShapeTests
{
    [Fact]
    public async Task Update_timestamp_str_is_the_update_timestamp_in_decimal_and_num_partitions_counts_partitions()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Simple("plain")));

        var d = await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "plain" });
        Assert.NotEqual(0UL, d.UpdateTimestamp);
        Assert.Equal(d.UpdateTimestamp.ToString(CultureInfo.InvariantCulture), d.UpdateTimestampStr);
        Assert.Equal(1, d.NumPartitions); // _default

        Schemas.Ok(await client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "plain", PartitionName = "p1" }));
        Assert.Equal(2, (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "plain" })).NumPartitions);
    }

    [Theory]
    [InlineData("2.6", ErrorCode.CollectionNotExists)]
    [InlineData("2.5", ErrorCode.UnexpectedError)]
    [InlineData("2.4", ErrorCode.UnexpectedError)]
    public async Task A_missing_collection_reads_as_the_proxy_rewrites_it(string version, ErrorCode legacy)
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = version);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        var byName = (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "nope" })).Status;
        Assert.Equal(100, byName.Code);
        Assert.Equal("can't find collection[database=default][collection=nope]", byName.Reason);
        Assert.Equal("true", byName.ExtraInfo["is_input_error"]);
#pragma warning disable CS0612
        Assert.Equal(legacy, byName.ErrorCode);
#pragma warning restore CS0612

        // Asked by id, the proxy names the collection as asked: empty.
        var byId = (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionID = 424242 })).Status;
        Assert.Equal(100, byId.Code);
        Assert.Equal("can't find collection[database=default][collection=]", byId.Reason);
    }
}
