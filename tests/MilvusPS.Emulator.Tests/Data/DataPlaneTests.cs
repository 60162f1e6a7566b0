using Google.Protobuf;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests.Data;

/// <summary>Insert, upsert, delete, query, statistics and flush through the gRPC client.</summary>
public sealed class DataPlaneTests : EmulatorTests
{
    private static FieldSchema Scalar(string name, DataType type, bool nullable = false) => new() { Name = name, DataType = type, Nullable = nullable };

    /// <summary>A collection with every scalar type, four vector types and a dynamic field; indexed and loaded.</summary>
    private async Task CreateAllTypesAsync(string name)
    {
        var schema = Schemas.Of(name,
            Schemas.Pk(),
            Scalar("b", DataType.Bool), Scalar("i8", DataType.Int8), Scalar("i16", DataType.Int16), Scalar("i32", DataType.Int32),
            Scalar("i64", DataType.Int64), Scalar("f", DataType.Float), Scalar("d", DataType.Double),
            Schemas.Param(Scalar("s", DataType.VarChar), "max_length", "8"),
            Scalar("j", DataType.Json),
            Schemas.Param(new FieldSchema { Name = "al", DataType = DataType.Array, ElementType = DataType.Int64 }, "max_capacity", "4"),
            Schemas.Param(Schemas.Param(new FieldSchema { Name = "as", DataType = DataType.Array, ElementType = DataType.VarChar }, "max_capacity", "4"), "max_length", "8"),
            Scalar("n", DataType.Int32, nullable: true),
            Schemas.Vector("fv", 4), Schemas.Vector("bv", 16, DataType.BinaryVector), Schemas.Vector("hv", 2, DataType.Float16Vector),
            new FieldSchema { Name = "sv", DataType = DataType.SparseFloatVector });
        schema.EnableDynamicField = true;
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        foreach (var (field, metric, type) in new[] { ("fv", "L2", "FLAT"), ("bv", "HAMMING", "BIN_FLAT"), ("hv", "L2", "FLAT"), ("sv", "IP", "SPARSE_INVERTED_INDEX") })
        {
            var r = new CreateIndexRequest { CollectionName = name, FieldName = field };
            r.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = type });
            r.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = metric });
            Schemas.Ok(await Client.CreateIndexAsync(r));
        }
        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
    }

    private static readonly byte[] Binary = [0x01, 0x02, 0xFF, 0x80];
    private static readonly byte[] Half = [0x00, 0x3C, 0x00, 0xC0, 0x55, 0x35, 0x01, 0x00];
    private static readonly byte[] Sparse0 = Cols.SparseRow((3, 0.5f), (10, 1.25f));
    private static readonly byte[] Sparse1 = Cols.SparseRow((7, 2f));

    private static InsertRequest AllTypesRows(string name) => Cols.Insert(name, 2,
        Cols.Longs("id", 1, 2), Cols.Bools("b", true, false), Cols.Ints("i8", DataType.Int8, -128, 127), Cols.Ints("i16", DataType.Int16, -5, 300),
        Cols.Ints("i32", DataType.Int32, 70000, -1), Cols.Longs("i64", long.MaxValue, long.MinValue), Cols.Floats("f", 1.5f, -0.25f),
        Cols.Doubles("d", Math.PI, -1e300), Cols.Strings("s", "héllo", ""), Cols.Json("j", "{\"a\":1}", "[1,2]"),
        Cols.LongArrays("al", [1, 2, 3], []), Cols.StringArrays("as", ["x", "yz"], ["w"]),
        Cols.Ints("n", DataType.Int32, 42).WithValid(false, true),
        Cols.FloatVectors("fv", 4, 1, 2, 3, 4, -1, -2, -3, -4.5f),
        Cols.ByteVectors("bv", DataType.BinaryVector, 16, Binary),
        Cols.ByteVectors("hv", DataType.Float16Vector, 2, Half),
        Cols.Sparse("sv", Sparse0, Sparse1),
        Cols.Dynamic("{\"color\":\"red\",\"size\":3}", "{\"color\":\"blue\"}"));

    [Fact]
    public async Task InsertEveryTypeAndQueryItBackEqual()
    {
        await CreateAllTypesAsync("all");
        var ins = await Client.InsertAsync(AllTypesRows("all"));
        Schemas.Ok(ins.Status);
        Assert.Equal(2, ins.InsertCnt);
        Assert.Equal(new uint[] { 0, 1 }, ins.SuccIndex);
        Assert.Equal(new long[] { 1, 2 }, ins.IDs.IntId.Data);
        Assert.True(ins.Timestamp > 0);

        var q = await Client.QueryAsync(Cols.Query("all", "id in [1, 2]", "*"));
        Schemas.Ok(q.Status);
        Assert.Equal(new long[] { 1, 2 }, q.Field("id").Scalars.LongData.Data);
        Assert.Equal(new[] { true, false }, q.Field("b").Scalars.BoolData.Data);
        Assert.Equal(new[] { -128, 127 }, q.Field("i8").Scalars.IntData.Data);
        Assert.Equal(new[] { -5, 300 }, q.Field("i16").Scalars.IntData.Data);
        Assert.Equal(new[] { 70000, -1 }, q.Field("i32").Scalars.IntData.Data);
        Assert.Equal(new[] { long.MaxValue, long.MinValue }, q.Field("i64").Scalars.LongData.Data);
        Assert.Equal(new[] { 1.5f, -0.25f }, q.Field("f").Scalars.FloatData.Data);
        Assert.Equal(new[] { Math.PI, -1e300 }, q.Field("d").Scalars.DoubleData.Data);
        Assert.Equal(new[] { "héllo", "" }, q.Field("s").Scalars.StringData.Data);
        Assert.Equal(new[] { "{\"a\":1}", "[1,2]" }, q.Field("j").Scalars.JsonData.Data.Select(Cols.Utf8));
        Assert.Equal(DataType.Int64, q.Field("al").Scalars.ArrayData.ElementType);
        Assert.Equal(new long[] { 1, 2, 3 }, q.Field("al").Scalars.ArrayData.Data[0].LongData.Data);
        Assert.Empty(q.Field("al").Scalars.ArrayData.Data[1].LongData.Data);
        Assert.Equal(new[] { "x", "yz" }, q.Field("as").Scalars.ArrayData.Data[0].StringData.Data);
        // Nullable: full-length values with valid_data.
        Assert.Equal(new[] { false, true }, q.Field("n").ValidData);
        Assert.Equal(42, q.Field("n").Scalars.IntData.Data[1]);
        // Vectors byte-exact.
        Assert.Equal(new float[] { 1, 2, 3, 4, -1, -2, -3, -4.5f }, q.Field("fv").Vectors.FloatVector.Data);
        Assert.Equal(4, q.Field("fv").Vectors.Dim);
        Assert.Equal(Binary, q.Field("bv").Vectors.BinaryVector.ToByteArray());
        Assert.Equal(16, q.Field("bv").Vectors.Dim);
        Assert.Equal(Half, q.Field("hv").Vectors.Float16Vector.ToByteArray());
        Assert.Equal(Sparse0, q.Field("sv").Vectors.SparseFloatVector.Contents[0].ToByteArray());
        Assert.Equal(Sparse1, q.Field("sv").Vectors.SparseFloatVector.Contents[1].ToByteArray());
        Assert.Equal(11, q.Field("sv").Vectors.SparseFloatVector.Dim);
        // Dynamic field: the whole $meta with "*".
        var meta = q.Field("$meta");
        Assert.True(meta.IsDynamic);
        Assert.Equal("{\"color\":\"red\",\"size\":3}", Cols.Utf8(meta.Scalars.JsonData.Data[0]));
        Assert.Contains("$meta", q.OutputFields);

        // Dynamic keys by name: only those keys come back.
        var q2 = await Client.QueryAsync(Cols.Query("all", "color == \"red\"", "size"));
        Schemas.Ok(q2.Status);
        Assert.Equal(new long[] { 1 }, q2.Field("id").Scalars.LongData.Data);
        Assert.Equal("{\"size\":3}", Cols.Utf8(q2.Field("$meta").Scalars.JsonData.Data[0]));
        Assert.Contains("size", q2.OutputFields);

        // No output fields: the primary key only.
        var q3 = await Client.QueryAsync(Cols.Query("all", "i32 > 0"));
        Assert.Equal("id", Assert.Single(q3.FieldsData).FieldName);
    }

    [Fact]
    public async Task OtherVectorTypesRoundTripByteExact()
    {
        var schema = Schemas.Of("vec2", Schemas.Pk("pk", DataType.VarChar), Schemas.Vector("bf", 2, DataType.Bfloat16Vector), Schemas.Vector("i8v", 3, DataType.Int8Vector));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        foreach (var f in new[] { "bf", "i8v" })
        {
            var r = new CreateIndexRequest { CollectionName = "vec2", FieldName = f };
            r.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "HNSW" });
            r.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
            r.ExtraParams.Add(new KeyValuePair { Key = "params", Value = "{\"M\":8,\"efConstruction\":64}" });
            Schemas.Ok(await Client.CreateIndexAsync(r));
        }
        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "vec2" }));
        byte[] bf = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] i8 = [0x80, 0x7F, 0x00, 0xFF, 0x01, 0x02];
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("vec2", 2, Cols.Strings("pk", "a", "b"),
            Cols.ByteVectors("bf", DataType.Bfloat16Vector, 2, bf), Cols.ByteVectors("i8v", DataType.Int8Vector, 3, i8)))).Status);
        var q = await Client.QueryAsync(Cols.Query("vec2", "pk in [\"a\", \"b\"]", "bf", "i8v"));
        Schemas.Ok(q.Status);
        Assert.Equal(new[] { "a", "b" }, q.Field("pk").Scalars.StringData.Data);
        Assert.Equal(bf, q.Field("bf").Vectors.Bfloat16Vector.ToByteArray());
        Assert.Equal(i8, q.Field("i8v").Vectors.Int8Vector.ToByteArray());
    }

    private async Task CreateSimpleAsync(string name, bool load = true, params FieldSchema[] extra)
    {
        var schema = Schemas.Of(name, [Schemas.Pk(), Schemas.Vector("vec", 2), Scalar("age", DataType.Int64), .. extra]);
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        Schemas.Ok(await Client.CreateIndexAsync(new CreateIndexRequest { CollectionName = name, FieldName = "vec" }));
        if (load) Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
    }

    private static InsertRequest Simple(string name, params long[] ids) => Cols.Insert(name, (uint)ids.Length,
        Cols.Longs("id", ids), Cols.FloatVectors("vec", 2, ids.SelectMany(i => new float[] { i, -i }).ToArray()), Cols.Longs("age", ids.Select(i => i * 10).ToArray()));

    [Fact]
    public async Task UpsertReplacesAndPartialUpdateKeepsOtherFields()
    {
        await CreateSimpleAsync("up", true, Scalar("tag", DataType.Int64, nullable: true));
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("up", 2, Cols.Longs("id", 1, 2), Cols.FloatVectors("vec", 2, 1, 1, 2, 2),
            Cols.Longs("age", 10, 20), Cols.Longs("tag", 7, 8)))).Status);

        var up = await Client.UpsertAsync(Cols.Upsert("up", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 2, 9, 9), Cols.Longs("age", 99)));
        Schemas.Ok(up.Status);
        Assert.Equal(1, up.UpsertCnt);
        Assert.Equal(new long[] { 1 }, up.IDs.IntId.Data);
        var q = await Client.QueryAsync(Cols.Query("up", "id == 1", "age", "tag", "vec"));
        Assert.Equal(new long[] { 99 }, q.Field("age").Scalars.LongData.Data);
        Assert.Equal(new[] { false }, q.Field("tag").ValidData); // a full upsert replaces the whole row
        Assert.Equal(new float[] { 9, 9 }, q.Field("vec").Vectors.FloatVector.Data);

        var partial = Cols.Upsert("up", 1, Cols.Longs("id", 2), Cols.Longs("age", 21));
        partial.PartialUpdate = true;
        Schemas.Ok((await Client.UpsertAsync(partial)).Status);
        q = await Client.QueryAsync(Cols.Query("up", "id == 2", "age", "tag", "vec"));
        Assert.Equal(new long[] { 21 }, q.Field("age").Scalars.LongData.Data);
        Assert.Equal(new long[] { 8 }, q.Field("tag").Scalars.LongData.Data);
        Assert.Equal(new float[] { 2, 2 }, q.Field("vec").Vectors.FloatVector.Data);

        var count = await Client.QueryAsync(Cols.Query("up", "", "count(*)"));
        Assert.Equal(2, count.Field("count(*)").Scalars.LongData.Data[0]);
    }

    [Fact]
    public async Task DeleteByIdsAndByFilter()
    {
        await CreateSimpleAsync("del");
        Schemas.Ok((await Client.InsertAsync(Simple("del", 1, 2, 3, 4, 5))).Status);
        var byIds = await Client.DeleteAsync(new DeleteRequest { CollectionName = "del", Expr = "id in [1, 2, 42]" });
        Schemas.Ok(byIds.Status);
        Assert.Equal(3, byIds.DeleteCnt); // a simple delete reports the keys it was given
        var byFilter = await Client.DeleteAsync(new DeleteRequest { CollectionName = "del", Expr = "age >= 40" });
        Schemas.Ok(byFilter.Status);
        Assert.Equal(2, byFilter.DeleteCnt);
        var q = await Client.QueryAsync(Cols.Query("del", "id > 0", "age"));
        Assert.Equal(new long[] { 3 }, q.Field("id").Scalars.LongData.Data);

        var empty = await Client.DeleteAsync(new DeleteRequest { CollectionName = "del", Expr = "" });
        Schemas.Fails(empty.Status, 1100, "delete plan can't be empty or always true : : invalid parameter");
    }

    [Fact]
    public async Task QueryLimitOffsetWindowAndCount()
    {
        await CreateSimpleAsync("win");
        Schemas.Ok((await Client.InsertAsync(Simple("win", 5, 3, 1, 4, 2))).Status);
        var page = await Client.QueryAsync(Cols.Query("win", "", "age").Limit(2, 1));
        Schemas.Ok(page.Status);
        Assert.Equal(new long[] { 2, 3 }, page.Field("id").Scalars.LongData.Data);
        Assert.Equal(new long[] { 20, 30 }, page.Field("age").Scalars.LongData.Data);

        var tooDeep = await Client.QueryAsync(Cols.Query("win", "id > 0").Limit(16000, 1000));
        Schemas.Fails(tooDeep.Status, 65535, "invalid max query result window, (offset+limit) should be in range [1, 16384], but got 17000");
        var noLimit = await Client.QueryAsync(Cols.Query("win", ""));
        Schemas.Fails(noLimit.Status, 1100, "empty expression should be used with limit: invalid parameter");

        var count = await Client.QueryAsync(Cols.Query("win", "age > 20", "count(*)"));
        Schemas.Ok(count.Status);
        var cf = count.Field("count(*)");
        Assert.Equal(DataType.Int64, cf.Type);
        Assert.Equal(3, cf.Scalars.LongData.Data[0]);
        Assert.Equal(new[] { "count(*)" }, count.OutputFields);
        var pagedCount = await Client.QueryAsync(Cols.Query("win", "", "count(*)").Limit(1));
        Schemas.Fails(pagedCount.Status, 1100, "count entities with pagination is not allowed: invalid parameter");
    }

    [Fact]
    public async Task QueryOnUnloadedCollectionIs101()
    {
        await CreateSimpleAsync("cold", load: false);
        var c = (await Client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "cold" })).CollectionID;
        var q = await Client.QueryAsync(Cols.Query("cold", "id > 0"));
        Schemas.Fails(q.Status, 101, $"failed to query: collection not loaded[collection={c}]");
    }

    [Fact]
    public async Task InsertValidationTexts()
    {
        await CreateSimpleAsync("val", true, Schemas.Param(Scalar("name", DataType.VarChar), "max_length", "3"));
        var wrongDim = await Client.InsertAsync(Cols.Insert("val", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 1, 1, 2), Cols.Longs("age", 1), Cols.Strings("name", "a")));
        Schemas.Fails(wrongDim.Status, 1100, "the dim (1) of field data(vec) is not equal to schema dim (2): invalid parameter[expected=2][actual=1]");
        var notDivisible = await Client.InsertAsync(Cols.Insert("val", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 2, 1, 2, 3), Cols.Longs("age", 1), Cols.Strings("name", "a")));
        Schemas.Fails(notDivisible.Status, 65535, "the length(3) of float data should divide the dim(2)");
        var rows = await Client.InsertAsync(Cols.Insert("val", 2, Cols.Longs("id", 1, 2), Cols.FloatVectors("vec", 2, 1, 2, 3, 4), Cols.Longs("age", 1), Cols.Strings("name", "a", "b")));
        Schemas.Fails(rows.Status, 1100, "the num_rows (1) of field (age) is not equal to passed num_rows (2): invalid parameter[expected=2][actual=1]");
        var missing = await Client.InsertAsync(Cols.Insert("val", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 2, 1, 2), Cols.Strings("name", "a")));
        Schemas.Fails(missing.Status, 1100, "fieldSchema(age) has no corresponding fieldData pass in: invalid parameter");
        var tooLong = await Client.InsertAsync(Cols.Insert("val", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 2, 1, 2), Cols.Longs("age", 1), Cols.Strings("name", "abcd")));
        Schemas.Fails(tooLong.Status, 1100, "length of varchar field name exceeds max length, row number: 0, length: 4, max length: 3: invalid parameter");
        var partition = Cols.Insert("val", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 2, 1, 2), Cols.Longs("age", 1), Cols.Strings("name", "a"));
        partition.PartitionName = "nope";
        Schemas.Fails((await Client.InsertAsync(partition)).Status, 200, "partition not found[partition=nope]");
        var noCollection = await Client.InsertAsync(Cols.Insert("ghost", 1, Cols.Longs("id", 1)));
        Assert.Equal(100, noCollection.Status.Code);
    }

    [Fact]
    public async Task AutoIdsAreMonotonicAndMayNotBeSent()
    {
        var pk = Schemas.Pk();
        pk.AutoID = true;
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create("auto", pk, Schemas.Vector("vec", 2))));
        var first = await Client.InsertAsync(Cols.Insert("auto", 3, Cols.FloatVectors("vec", 2, 1, 1, 2, 2, 3, 3)));
        var second = await Client.InsertAsync(Cols.Insert("auto", 2, Cols.FloatVectors("vec", 2, 4, 4, 5, 5)));
        Schemas.Ok(first.Status);
        var ids = first.IDs.IntId.Data.Concat(second.IDs.IntId.Data).ToList();
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.OrderBy(i => i), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var sent = await Client.InsertAsync(Cols.Insert("auto", 1, Cols.Longs("id", 7), Cols.FloatVectors("vec", 2, 1, 1)));
        Schemas.Fails(sent.Status, 1100, "more fieldData has pass in: invalid parameter[expected=2][actual=3]");
    }

    [Fact]
    public async Task PartitionKeyRoutesRowsAndStatisticsCountLiveRows()
    {
        var key = Scalar("tenant", DataType.Int64);
        key.IsPartitionKey = true;
        var create = Schemas.Create("pk", Schemas.Pk(), Schemas.Vector("vec", 2), key);
        create.NumPartitions = 4;
        Schemas.Ok(await Client.CreateCollectionAsync(create));
        var ids = Enumerable.Range(1, 40).Select(i => (long)i).ToArray();
        Schemas.Ok((await Client.InsertAsync(Cols.Insert("pk", 40, Cols.Longs("id", ids), Cols.FloatVectors("vec", 2, ids.SelectMany(i => new float[] { i, i }).ToArray()),
            Cols.Longs("tenant", ids.Select(i => i % 7).ToArray())))).Status);

        var stats = await Client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = "pk" });
        Assert.Equal("40", stats.Stats.Single(s => s.Key == "row_count").Value);
        long total = 0;
        var used = 0;
        for (var i = 0; i < 4; i++)
        {
            var p = await Client.GetPartitionStatisticsAsync(new GetPartitionStatisticsRequest { CollectionName = "pk", PartitionName = $"_default_{i}" });
            Schemas.Ok(p.Status);
            var n = long.Parse(p.Stats.Single(s => s.Key == "row_count").Value, System.Globalization.CultureInfo.InvariantCulture);
            total += n;
            if (n > 0) used++;
        }
        Assert.Equal(40, total);
        Assert.True(used > 1, "rows should spread over several partition-key buckets");

        var named = Cols.Insert("pk", 1, Cols.Longs("id", 100), Cols.FloatVectors("vec", 2, 1, 1), Cols.Longs("tenant", 1));
        named.PartitionName = "_default_0";
        Schemas.Fails((await Client.InsertAsync(named)).Status, 1100, "not support manually specifying the partition names if partition key mode is used: invalid parameter");

        Schemas.Ok((await Client.DeleteAsync(new DeleteRequest { CollectionName = "pk", Expr = "id in [1, 2, 3]" })).Status);
        stats = await Client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = "pk" });
        Assert.Equal("37", stats.Stats.Single(s => s.Key == "row_count").Value);
    }

    [Fact]
    public async Task TruncateAndDropPartitionClearRows()
    {
        await CreateSimpleAsync("tr", load: false);
        Schemas.Ok(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "tr", PartitionName = "p1" }));
        var into = Simple("tr", 10, 11);
        into.PartitionName = "p1";
        Schemas.Ok((await Client.InsertAsync(into)).Status);
        Schemas.Ok((await Client.InsertAsync(Simple("tr", 1))).Status);
        Schemas.Ok(await Client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "tr", PartitionName = "p1" }));
        var stats = await Client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = "tr" });
        Assert.Equal("1", stats.Stats.Single(s => s.Key == "row_count").Value);
        Schemas.Ok((await Client.TruncateCollectionAsync(new TruncateCollectionRequest { CollectionName = "tr" })).Status);
        stats = await Client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = "tr" });
        Assert.Equal("0", stats.Stats.Single(s => s.Key == "row_count").Value);
    }

    [Fact]
    public async Task FlushSealsSegments()
    {
        await CreateSimpleAsync("fl");
        Schemas.Ok((await Client.InsertAsync(Simple("fl", 1, 2, 3))).Status);
        var flush = await Client.FlushAsync(new FlushRequest { CollectionNames = { "fl" } });
        Schemas.Ok(flush.Status);
        var segs = flush.CollSegIDs["fl"].Data;
        Assert.Single(segs);
        var state = await Client.GetFlushStateAsync(new GetFlushStateRequest { CollectionName = "fl", SegmentIDs = { segs }, FlushTs = flush.CollFlushTs["fl"] });
        Assert.True(state.Flushed);
        var again = await Client.FlushAsync(new FlushRequest { CollectionNames = { "fl" } });
        Assert.Empty(again.CollSegIDs["fl"].Data);
        Assert.Equal(segs, again.FlushCollSegIDs["fl"].Data);
        var index = Assert.Single((await Client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "fl" })).IndexDescriptions);
        Assert.Equal(3, index.TotalRows);
        Assert.Equal(3, index.IndexedRows);
    }
}

/// <summary>Realistic mode: index progress over sealed segments moves from pending to indexed.</summary>
public sealed class RealisticIndexProgressTests
{
    [Fact]
    public async Task FlushStartsIndexBuildsThatFinishOverTime()
    {
        await using var server = await TestEmulator.StartAsync(o => o.LoadMode = Catalog.LoadMode.Realistic);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("rx", Schemas.Pk(), Schemas.Vector("vec", 2))));
        Schemas.Ok(await client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "rx", FieldName = "vec" }));
        var ids = Enumerable.Range(1, 5000).Select(i => (long)i).ToArray();
        Schemas.Ok((await client.InsertAsync(Cols.Insert("rx", 5000, Cols.Longs("id", ids), Cols.FloatVectors("vec", 2, ids.SelectMany(i => new float[] { i, 0 }).ToArray())))).Status);
        var before = Assert.Single((await client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "rx" })).IndexDescriptions);
        Assert.Equal(0, before.TotalRows); // growing segments are not indexed
        Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "rx" } })).Status);
        var pending = Assert.Single((await client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "rx" })).IndexDescriptions);
        Assert.Equal(5000, pending.TotalRows);
        Assert.True(pending.PendingIndexRows > 0);
        Assert.NotEqual(IndexState.Finished, pending.State);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IndexDescription now;
        do
        {
            await Task.Delay(50);
            now = Assert.Single((await client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "rx" })).IndexDescriptions);
        } while (now.State != IndexState.Finished && DateTime.UtcNow < deadline);
        Assert.Equal(IndexState.Finished, now.State);
        Assert.Equal(5000, now.IndexedRows);
        Assert.Equal(0, now.PendingIndexRows);
    }
}
