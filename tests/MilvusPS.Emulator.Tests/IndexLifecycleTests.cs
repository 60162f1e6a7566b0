using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests;

/// <summary>Index RPCs through the gRPC client: validation codes/texts, AUTOINDEX, AlterIndex, state/progress.</summary>
public sealed class IndexLifecycleTests : EmulatorTests
{
    private const string CheckerSuffix = ": invalid parameter[expected=valid index params][actual=invalid index params]";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var varchar = Schemas.Param(new FieldSchema { Name = "title", DataType = DataType.VarChar }, "max_length", "64");
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("c",
            Schemas.Pk(), Schemas.Vector("vec", 128), Schemas.Vector("bits", 64, DataType.BinaryVector),
            new FieldSchema { Name = "sparse", DataType = DataType.SparseFloatVector },
            varchar, new FieldSchema { Name = "score", DataType = DataType.Float }, new FieldSchema { Name = "flag", DataType = DataType.Bool },
            new FieldSchema { Name = "meta", DataType = DataType.Json })));
    }

    private static CreateIndexRequest Create(string field, params (string Key, string Value)[] ps)
    {
        var r = new CreateIndexRequest { CollectionName = "c", FieldName = field };
        foreach (var (k, v) in ps) r.ExtraParams.Add(new KeyValuePair { Key = k, Value = v });
        return r;
    }

    private async Task<IndexDescription> DescribeOne(string indexName) =>
        Assert.Single((await Client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "c", IndexName = indexName })).IndexDescriptions);

    private static Dictionary<string, string> Params(IndexDescription d) => d.Params.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task UnknownIndexTypeIsParameterInvalid()
    {
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "HSNW"))), 1100,
            "invalid parameter[expected=valid index][actual=invalid index type: HSNW]");
        // HYBRID is internal: users cannot ask for it.
        Schemas.Fails(await Client.CreateIndexAsync(Create("title", ("index_type", "HYBRID"))), 1100,
            "invalid parameter[expected=valid index][actual=invalid index type: HYBRID]");
    }

    [Fact]
    public async Task IndexTypeMustApplyToTheField()
    {
        Schemas.Fails(await Client.CreateIndexAsync(Create("bits", ("index_type", "HNSW"), ("metric_type", "HAMMING"))), 1100,
            "index HNSW do not support data type: BinaryVector" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("title", ("index_type", "HNSW"))), 1100,
            "index HNSW only supports vector data type" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("score", ("index_type", "BITMAP"))), 1100,
            "bitmap index are only supported on bool, int, string and array field" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("id", ("index_type", "BITMAP"))), 1100,
            "create bitmap index on primary key not supported" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("score", ("index_type", "Trie"))), 1100,
            "TRIE are only supported on varchar field" + CheckerSuffix);
    }

    [Fact]
    public async Task MetricMustBeAllowed()
    {
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "HNSW"), ("metric_type", "JACCARD"))), 1100,
            "metric type JACCARD not found or not supported, supported: [L2 IP COSINE]" + CheckerSuffix);
    }

    [Fact]
    public async Task ParamsOutOfRangeAndPqDivisibility()
    {
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "HNSW"), ("metric_type", "L2"), ("params", "{\"M\": 4096, \"efConstruction\": 200}"))), 1100,
            "M out of range: [2, 2048]" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "IVF_FLAT"), ("nlist", "0"))), 1100,
            "nlist out of range: [1, 65536]" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "IVF_PQ"), ("m", "5"))), 1100,
            "dimension must be abled to be divided by `m`, dimension: 128, m: 5" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "IVF_PQ"))), 1100,
            "parameter `m` not found" + CheckerSuffix);
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "HNSW"), ("dim", "64"))), 1100,
            "dimension mismatch, dimension in schema: 128, dimension: 64" + CheckerSuffix);
    }

    [Fact]
    public async Task ValidIndexIsDescribedAsGivenAndFinished()
    {
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec", ("index_type", "HNSW"), ("metric_type", "L2"), ("params", "{\"M\": 16, \"efConstruction\": 200}"))));
        var d = await DescribeOne("vec");
        Assert.Equal(IndexState.Finished, d.State);
        Assert.Equal(0, d.TotalRows);
        Assert.Equal(0, d.PendingIndexRows);
        var p = Params(d);
        Assert.Equal("HNSW", p["index_type"]);
        Assert.Equal("L2", p["metric_type"]);
        Assert.Equal("{\"M\": 16, \"efConstruction\": 200}", p["params"]);
    }

    [Fact]
    public async Task AutoIndexIsReportedAsAutoIndexWithItsMetric()
    {
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec")));
        var p = Params(await DescribeOne("vec"));
        Assert.Equal("AUTOINDEX", p["index_type"]);
        Assert.Equal("COSINE", p["metric_type"]);
        Assert.Equal(2, p.Count);

        Schemas.Ok(await Client.CreateIndexAsync(Create("bits", ("index_type", "AUTOINDEX"), ("metric_type", "JACCARD"))));
        p = Params(await DescribeOne("bits"));
        Assert.Equal("AUTOINDEX", p["index_type"]);
        Assert.Equal("JACCARD", p["metric_type"]);

        Schemas.Fails(await Client.CreateIndexAsync(Create("sparse", ("index_type", "AUTOINDEX"), ("metric_type", "IP"), ("drop_ratio_build", "0.1"))), 65535,
            "only metric type can be passed when use AutoIndex");
    }

    [Fact]
    public async Task ScalarIndexesAndScalarAutoIndex()
    {
        Schemas.Ok(await Client.CreateIndexAsync(Create("title", ("index_type", "INVERTED"))));
        Schemas.Ok(await Client.CreateIndexAsync(Create("flag")));
        Schemas.Fails(await Client.CreateIndexAsync(Create("meta")), 1100,
            "invalid parameter[expected=supported field][actual=create auto index on JSON field is not supported]");
        Schemas.Fails(await Client.CreateIndexAsync(Create("meta", ("index_type", "INVERTED"), ("json_path", "meta['a']"))), 1100,
            "json index must specify cast type: missing parameter[param=json_cast_type]" + CheckerSuffix);
    }

    [Fact]
    public async Task OneDistinctIndexPerField()
    {
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec", ("index_type", "FLAT"), ("metric_type", "IP"))));
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec", ("index_type", "FLAT"), ("metric_type", "IP"))));
        Schemas.Fails(await Client.CreateIndexAsync(Create("vec", ("index_type", "FLAT"), ("metric_type", "L2"))), 65535,
            "at most one distinct index is allowed per field");
    }

    [Fact]
    public async Task AlterIndexSetsAndDeletesMmap()
    {
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec", ("index_type", "HNSW"), ("metric_type", "IP"))));
        var alter = new AlterIndexRequest { CollectionName = "c", IndexName = "vec", ExtraParams = { new KeyValuePair { Key = "mmap.enabled", Value = "true" } } };
        Schemas.Ok(await Client.AlterIndexAsync(alter));
        Assert.Equal("true", Params(await DescribeOne("vec"))["mmap.enabled"]);

        Schemas.Ok(await Client.AlterIndexAsync(new AlterIndexRequest { CollectionName = "c", IndexName = "vec", DeleteKeys = { "mmap.enabled" } }));
        Assert.False(Params(await DescribeOne("vec")).ContainsKey("mmap.enabled"));

        Schemas.Fails(await Client.AlterIndexAsync(new AlterIndexRequest { CollectionName = "c", IndexName = "vec", ExtraParams = { new KeyValuePair { Key = "M", Value = "8" } } }), 1100,
            "M is not configable index param: invalid parameter");
        Schemas.Fails(await Client.AlterIndexAsync(new AlterIndexRequest { CollectionName = "c", ExtraParams = { new KeyValuePair { Key = "mmap.enabled", Value = "true" } } }), 1100,
            "index name is empty: invalid parameter");
        Schemas.Fails(await Client.AlterIndexAsync(new AlterIndexRequest { CollectionName = "c", IndexName = "nope", ExtraParams = { new KeyValuePair { Key = "mmap.enabled", Value = "true" } } }), 65535,
            "index not found[indexName=nope]");

        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "c", LoadFields = { "id", "vec" } }));
        Schemas.Fails(await Client.AlterIndexAsync(alter), 104,
            "can't alter index on loaded collection, please release the collection first: collection already loaded[collection=c]");
    }

    [Fact]
    public async Task DeprecatedStateAndProgressAgreeWithDescribe()
    {
#pragma warning disable CS0612, CS0618
        Schemas.Ok(await Client.CreateIndexAsync(Create("vec", ("index_type", "IVF_FLAT"), ("metric_type", "L2"), ("nlist", "64"))));
        var state = await Client.GetIndexStateAsync(new GetIndexStateRequest { CollectionName = "c", IndexName = "vec" });
        Schemas.Ok(state.Status);
        Assert.Equal(IndexState.Finished, state.State);
        var progress = await Client.GetIndexBuildProgressAsync(new GetIndexBuildProgressRequest { CollectionName = "c", IndexName = "vec" });
        Schemas.Ok(progress.Status);
        Assert.Equal(0, progress.TotalRows);
        Assert.Equal(0, progress.IndexedRows);

        var missing = await Client.GetIndexBuildProgressAsync(new GetIndexBuildProgressRequest { CollectionName = "c", IndexName = "nope" });
        Schemas.Fails(missing.Status, 700, "index not found[indexName=nope]");
        // The 2.4 proxy ignores datacoord's status here: an unknown index reads as None with success.
        var none = await Client.GetIndexStateAsync(new GetIndexStateRequest { CollectionName = "c", IndexName = "nope" });
        Schemas.Ok(none.Status);
        Assert.Equal(IndexState.None, none.State);
#pragma warning restore CS0612, CS0618
    }
}
