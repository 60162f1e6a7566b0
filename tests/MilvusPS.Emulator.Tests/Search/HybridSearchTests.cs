using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Search;

/// <summary>HybridSearch on hand-computed cases: two vector fields, RRF and weighted reranking.</summary>
public sealed class HybridSearchTests : EmulatorTests
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // a (L2) and b (IP), dim 2 with the second component 0; four rows.
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("h", Schemas.Pk(), Schemas.Vector("a", 2), Schemas.Vector("b", 2),
            Schemas.Param(new FieldSchema { Name = "name", DataType = DataType.VarChar }, "max_length", "8"))));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("h", 4, Cols.Longs("id", 1, 2, 3, 4),
            Cols.FloatVectors("a", 2, 0, 0, 1, 0, 2, 0, 3, 0), Cols.FloatVectors("b", 2, 1, 0, 4, 0, 2, 0, 3, 0), Cols.Strings("name", "w", "x", "y", "z")))).Status);
        foreach (var (f, m) in new[] { ("a", "L2"), ("b", "IP") })
        {
            var r = new CreateIndexRequest { CollectionName = "h", FieldName = f };
            r.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "FLAT" });
            r.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = m });
            Schemas.Ok(await Client.CreateIndexAsync(r));
        }
        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "h" }));
    }

    private static SearchRequest Sub(string field, float value, long topk, string? filter = null)
    {
        var r = Request("h", FloatQueries([value, 0]), topk, ("anns_field", field));
        if (filter is not null) r.Dsl = filter;
        return r;
    }

    private static HybridSearchRequest Hybrid(long limit, params (string Key, string Value)[] rank)
    {
        var r = new HybridSearchRequest { CollectionName = "h" };
        // query 0 on a: L2 distances to rows 1..4 are 0,1,4,9 → order 1,2,3,4.
        r.Requests.Add(Sub("a", 0, 3));
        // query 1 on b: IP scores of rows 1..4 are 1,4,2,3 → order 2,4,3,1.
        r.Requests.Add(Sub("b", 1, 3));
        r.RankParams.Add(new KeyValuePair { Key = "limit", Value = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        foreach (var (k, v) in rank) r.RankParams.Add(new KeyValuePair { Key = k, Value = v });
        return r;
    }

    [Fact]
    public async Task RrfSumsReciprocalRanks()
    {
        var res = await Client.HybridSearchAsync(Hybrid(4, ("strategy", "rrf"), ("params", "{\"k\":10}")).WithOutputs("name"));
        Schemas.Ok(res.Status);
        // a top3: 1,2,3; b top3: 2,4,3.  id2: 1/12+1/11; id1: 1/11; id3: 1/13+1/13; id4: 1/12.
        var expected = new (long, double)[] { (2, 1.0 / 12 + 1.0 / 11), (3, 2.0 / 13), (1, 1.0 / 11), (4, 1.0 / 12) }.ToList();
        AssertHits(expected, res.Results.Ids.IntId.Data, res.Results.Scores, 1e-6);
        Assert.Equal(4, res.Results.TopK);
        Assert.Equal(new long[] { 4 }, res.Results.Topks);
        Assert.Equal(new[] { "x", "y", "w", "z" }, res.Results.FieldsData.Single().Scalars.StringData.Data);
    }

    [Fact]
    public async Task NoStrategyMeansRrfWithK60AndOffsetApplies()
    {
        var res = await Client.HybridSearchAsync(Hybrid(2, ("offset", "1")));
        Schemas.Ok(res.Status);
        // ranks with k=60: id2 1/62+1/61, id3 2/63, id1 1/61, id4 1/62 → skip id2.
        AssertHits([(3, 2.0 / 63), (1, 1.0 / 61)], res.Results.Ids.IntId.Data, res.Results.Scores, 1e-6);
    }

    [Fact]
    public async Task WeightedNormalisesPerMetric()
    {
        var res = await Client.HybridSearchAsync(Hybrid(4, ("strategy", "weighted"), ("params", "{\"weights\":[0.8,0.2]}")));
        Schemas.Ok(res.Status);
        static double L2(double d) => 1 - 2 * Math.Atan(d) / Math.PI;
        static double IP(double d) => 0.5 + Math.Atan(d) / Math.PI;
        var expected = new List<(long Id, double Score)>
        {
            (1, 0.8 * L2(0)), (2, 0.8 * L2(1) + 0.2 * IP(4)), (3, 0.8 * L2(4) + 0.2 * IP(2)), (4, 0.2 * IP(3)),
        }.OrderByDescending(x => x.Score).ThenBy(x => x.Id).ToList();
        AssertHits(expected, res.Results.Ids.IntId.Data, res.Results.Scores, 1e-5);
    }

    [Fact]
    public async Task WeightedWithoutNormalisationUsesRawScores()
    {
        var res = await Client.HybridSearchAsync(Hybrid(2, ("strategy", "weighted"), ("params", "{\"weights\":[0.5,1],\"norm_score\":false}")));
        Schemas.Ok(res.Status);
        // raw: id1 0.5*0 ; id2 0.5*1 + 4 ; id3 0.5*4 + 2 ; id4 3
        AssertHits([(2, 4.5), (3, 4.0)], res.Results.Ids.IntId.Data, res.Results.Scores, 1e-6);
    }

    [Fact]
    public async Task SubRequestFiltersApply()
    {
        var r = new HybridSearchRequest { CollectionName = "h" };
        r.Requests.Add(Sub("a", 0, 2, "id > 1"));
        r.Requests.Add(Sub("b", 1, 1));
        r.RankParams.Add(new KeyValuePair { Key = "limit", Value = "5" });
        r.RankParams.Add(new KeyValuePair { Key = "strategy", Value = "rrf" });
        r.RankParams.Add(new KeyValuePair { Key = "params", Value = "{\"k\":1}" });
        var res = await Client.HybridSearchAsync(r);
        Schemas.Ok(res.Status);
        // a (id>1): 2,3; b: 2.  id2: 1/2 + 1/2 = 1; id3: 1/3.
        AssertHits([(2, 1.0), (3, 1.0 / 3)], res.Results.Ids.IntId.Data, res.Results.Scores, 1e-6);
    }

    [Theory]
    [InlineData("weighted", "{\"weights\":[0.5]}", 1100, "the length of weights param mismatch with ann search requests: invalid parameter[expected=2][actual=1]")]
    [InlineData("weighted", "{\"weights\":[0.5,1.5]}", 65535, "rank param weight should be in range [0, 1]")]
    [InlineData("weighted", "{\"weights\":0.5}", 65535, "The weights param should be an array")]
    [InlineData("weighted", "{}", 65535, "weights not found in rank_params")]
    [InlineData("rrf", "{\"k\":0}", 65535, "The rank params k should be in range (0, 16384)")]
    [InlineData("rrf", "{\"k\":16384}", 65535, "The rank params k should be in range (0, 16384)")]
    [InlineData("rrf", "{\"k\":\"a\"}", 65535, "The type of rank param k should be float")]
    [InlineData("rrf", "{}", 65535, "k not found in rank_params")]
    [InlineData("other", "{}", 65535, "unsupported rank type other")]
    public async Task RankParamErrors(string strategy, string parameters, int code, string reason)
    {
        var res = await Client.HybridSearchAsync(Hybrid(2, ("strategy", strategy), ("params", parameters)));
        Schemas.Fails(res.Status, code, reason);
    }

    [Fact]
    public async Task LimitIsRequiredAndNqMustAgree()
    {
        var noLimit = Hybrid(2);
        noLimit.RankParams.Clear();
        Schemas.Fails((await Client.HybridSearchAsync(noLimit)).Status, 65535, "limit not found in rank_params");
        var nq = Hybrid(2);
        nq.Requests[1].PlaceholderGroup = FloatQueries([1, 0], [2, 0]);
        Schemas.Fails((await Client.HybridSearchAsync(nq)).Status, 1100, "sub search request nq should be the same: invalid parameter[expected=1][actual=2]");
    }
}

internal static class HybridExtensions
{
    public static HybridSearchRequest WithOutputs(this HybridSearchRequest r, params string[] names)
    {
        r.OutputFields.AddRange(names);
        return r;
    }
}
