using System.Globalization;
using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Search;

/// <summary>
/// Search iterator v2 (2.5+) on the wire, as Milvus's SDKs drive it: iterator + search_iter_v2 + batch size;
/// the first page returns a token and the last score, later pages send both back. Checked against a
/// brute-force order over data full of ties, and the proxy's validation texts.
/// </summary>
public sealed class SearchIteratorV2Tests : EmulatorTests
{
    private const int Dim = 4;
    private float[][] _vectors = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _vectors = await CollectionAsync(Client);
    }

    /// <summary>90 rows, 30 distinct vectors three times each (every score a three-way tie); tag = id % 2; L2 FLAT; loaded.</summary>
    private static async Task<float[][]> CollectionAsync(MilvusService.MilvusServiceClient client)
    {
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("it", Schemas.Pk(), new FieldSchema { Name = "tag", DataType = DataType.Int64 }, Schemas.Vector("vec", Dim))));
        var distinct = RandomFloats(new Random(5), 30, Dim);
        var vectors = Enumerable.Range(0, 90).Select(i => distinct[i % 30]).ToArray();
        var ids = Enumerable.Range(0, 90).Select(i => (long)i).ToArray();
        Schemas.Ok((await client.InsertAsync(Cols.Insert("it", 90, Cols.Longs("id", ids), Cols.Longs("tag", ids.Select(i => i % 2).ToArray()),
            Cols.FloatVectors("vec", Dim, vectors.SelectMany(v => v).ToArray())))).Status);
        var index = new CreateIndexRequest { CollectionName = "it", FieldName = "vec" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "FLAT" });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
        Schemas.Ok(await client.CreateIndexAsync(index));
        Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "it" }));
        return vectors;
    }

    private static SearchRequest Page(float[] query, int batch, string? token = null, float? bound = null, params (string, string)[] extra)
    {
        var pairs = new List<(string, string)> { ("iterator", "True"), ("search_iter_v2", "True"), ("search_iter_batch_size", batch.ToString(CultureInfo.InvariantCulture)) };
        if (token is not null) pairs.Add(("search_iter_id", token));
        if (bound is { } b) pairs.Add(("search_iter_last_bound", b.ToString("R", CultureInfo.InvariantCulture)));
        pairs.AddRange(extra);
        return Request("it", FloatQueries(query), batch, [.. pairs]);
    }

    private static double L2(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();

    [Theory]
    [InlineData(4, null)]
    [InlineData(7, "tag == 1")]
    public async Task PagesFollowTheBoundWithoutLosingOrRepeatingTies(int batch, string? filter)
    {
        var query = _vectors[2];
        var reference = Rank(Enumerable.Range(0, 90).Where(i => filter is null || i % 2 == 1).Select(i => ((long)i, L2(query, _vectors[i]))), largerIsCloser: false, k: 90);
        var seen = new List<(long Id, float Score)>();
        string? token = null;
        float? bound = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var request = Page(query, batch, token, bound);
            if (filter is not null) request.Dsl = filter;
            var res = await Client.SearchAsync(request);
            Schemas.Ok(res.Status);
            var info = res.Results.SearchIteratorV2Results;
            Assert.NotNull(info);
            Assert.True(Guid.TryParseExact(info.Token, "D", out _), $"token '{info.Token}' is not a UUID");
            if (token is null) Assert.True(res.SessionTs > 0);
            else Assert.Equal(token, info.Token);
            token = info.Token;
            var ids = res.Results.Ids.IntId.Data;
            if (ids.Count == 0)
            {
                Assert.Equal(bound, info.LastBound);
                break;
            }
            Assert.True(ids.Count <= batch);
            Assert.Equal(res.Results.Scores[^1], info.LastBound);
            seen.AddRange(ids.Zip(res.Results.Scores, (id, s) => (id, s)));
            bound = info.LastBound;
        }
        Assert.Equal(reference.Count, seen.Count);
        Assert.Equal(reference.Select(r => r.Id), seen.Select(s => s.Id));
        for (var i = 0; i < seen.Count; i++) Assert.Equal(reference[i].Score, seen[i].Score, 4);
    }

    [Fact]
    public async Task TheProxyRulesForIteratorsHold()
    {
        var q = _vectors[0];
        Schemas.Fails((await Client.SearchAsync(Request("it", FloatQueries(q), 5, ("search_iter_v2", "True"), ("search_iter_batch_size", "5")))).Status, 1101,
            "both iterator and search_iter_v2 must be set in the SDK: missing parameter");
        Schemas.Fails((await Client.SearchAsync(Page(q, 5, extra: ("offset", "2")))).Status, 1100,
            "Setting an offset is not permitted when using a search iterator v2: invalid parameter");
        Schemas.Fails((await Client.SearchAsync(Page(q, 5, token: "not-a-uuid"))).Status, 1100, "invalid token format: invalid parameter");
        var noBatch = Request("it", FloatQueries(q), 5, ("iterator", "True"), ("search_iter_v2", "True"));
        Schemas.Fails((await Client.SearchAsync(noBatch)).Status, 1100, "batch size is required: invalid parameter");
        Schemas.Fails((await Client.SearchAsync(Page(q, 20000))).Status, 1100, "batch size is invalid, it should be in range [1, 16384], but got 20000: invalid parameter");
        Schemas.Fails((await Client.SearchAsync(Request("it", FloatQueries(q), 5, ("iterator", "True"), ("group_by_field", "tag")))).Status, 1100,
            "Not allowed to do groupBy when doing iteration: invalid parameter[expected=][actual=]");

        // An iterator's topk past the limit is capped rather than refused (iterator v1 sends huge topks).
        var capped = await Client.SearchAsync(Request("it", FloatQueries(q), 100000, ("iterator", "True")));
        Schemas.Ok(capped.Status);
        Assert.Equal(90, capped.Results.Ids.IntId.Data.Count);
        Assert.Null(capped.Results.SearchIteratorV2Results);
    }

    [Fact]
    public async Task A24ServerIgnoresIteratorV2Keys()
    {
        await using var old = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.4.24");
        using var channel = TestEmulator.Channel(old);
        var client = TestEmulator.Client(channel);
        var vectors = await CollectionAsync(client);
        var res = await client.SearchAsync(Page(vectors[0], 5));
        Schemas.Ok(res.Status);
        // No token comes back, which is how Milvus's SDKs tell that the server lacks iterator v2.
        Assert.Null(res.Results.SearchIteratorV2Results);
        Assert.Equal(5, res.Results.Ids.IntId.Data.Count);
    }
}
