using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Search;

/// <summary>
/// Index search parameters as knowhere checks them: only where an index serves the search (sealed, indexed segments),
/// code 65535 with the query node's text; nprobe above nlist is capped, not refused.
/// </summary>
public sealed class SearchParamCheckTests
{
    private const int Dim = 4;

    private static async Task CollectionAsync(MilvusService.MilvusServiceClient client, string indexType, params (string Key, string Value)[] build)
    {
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("p", Schemas.Pk(), Schemas.Vector("vec", Dim))));
        var ids = Enumerable.Range(0, 40).Select(i => (long)i).ToArray();
        Schemas.Ok((await client.InsertAsync(Cols.Insert("p", 40, Cols.Longs("id", ids), Cols.FloatVectors("vec", Dim, RandomFloats(new Random(3), 40, Dim).SelectMany(v => v).ToArray())))).Status);
        var index = new CreateIndexRequest { CollectionName = "p", FieldName = "vec" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = indexType });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
        if (build.Length > 0) index.ExtraParams.Add(new KeyValuePair { Key = "params", Value = "{" + string.Join(",", build.Select(b => $"\"{b.Key}\":{b.Value}")) + "}" });
        Schemas.Ok(await client.CreateIndexAsync(index));
        Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "p" }));
    }

    private static SearchRequest Search(long topk, string paramsJson) => Request("p", FloatQueries([0.1f, 0.2f, 0.3f, 0.4f]), topk, ("params", paramsJson));

    [Fact]
    public async Task Hnsw_ef_below_k_fails_on_indexed_segments_only()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        await CollectionAsync(client, "HNSW", ("M", "8"), ("efConstruction", "64"));

        // Growing rows only: brute force, no index to check ef.
        Schemas.Ok((await client.SearchAsync(Search(10, "{\"ef\": 1}"))).Status);

        Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "p" } })).Status);
        var status = (await client.SearchAsync(Search(10, "{\"ef\": 1}"))).Status;
        Assert.Equal(65535, status.Code);
        Assert.EndsWith("query failed: failed to search: out of range in json: ef(1) should be larger than k(10)", status.Reason);
        Assert.StartsWith("fail to search on QueryNode ", status.Reason);

        // ef equal to k passes; offset counts into k.
        Schemas.Ok((await client.SearchAsync(Search(10, "{\"ef\": 10}"))).Status);
        var withOffset = Search(10, "{\"ef\": 10}");
        withOffset.SearchParams.Add(new KeyValuePair { Key = "offset", Value = "5" });
        Assert.EndsWith("ef(10) should be larger than k(15)", (await client.SearchAsync(withOffset)).Status.Reason);
    }

    [Fact]
    public async Task Ivf_nprobe_must_be_in_range_but_may_exceed_nlist()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        await CollectionAsync(client, "IVF_FLAT", ("nlist", "16"));
        Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "p" } })).Status);

        var zero = (await client.SearchAsync(Search(5, "{\"nprobe\": 0}"))).Status;
        Assert.Equal(65535, zero.Code);
        Assert.EndsWith("query failed: Out of range in json: param 'nprobe' (0) should be in range [1, 65536]", zero.Reason);
        Assert.EndsWith("param 'nprobe' (70000) should be in range [1, 65536]", (await client.SearchAsync(Search(5, "{\"nprobe\": 70000}"))).Status.Reason);

        var capped = await client.SearchAsync(Search(5, "{\"nprobe\": 1000}"));
        Schemas.Ok(capped.Status);
        Assert.Equal(5, capped.Results.Ids.IntId.Data.Count);
    }
}
