using Google.Protobuf;
using Grpc.Core;
using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Tests;

/// <summary>Builds schemas and asserts Milvus statuses for the schema-lifecycle tests.</summary>
internal static class Schemas
{
    public static FieldSchema Pk(string name = "id", DataType type = DataType.Int64) =>
        type == DataType.VarChar ? Param(new FieldSchema { Name = name, DataType = type, IsPrimaryKey = true }, "max_length", "64")
            : new FieldSchema { Name = name, DataType = type, IsPrimaryKey = true };

    public static FieldSchema Vector(string name = "vec", int dim = 8, DataType type = DataType.FloatVector) =>
        Param(new FieldSchema { Name = name, DataType = type }, "dim", dim.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static FieldSchema Param(FieldSchema f, string key, string value)
    {
        f.TypeParams.Add(new KeyValuePair { Key = key, Value = value });
        return f;
    }

    public static CollectionSchema Of(string name, params FieldSchema[] fields)
    {
        var s = new CollectionSchema { Name = name };
        s.Fields.AddRange(fields);
        return s;
    }

    public static CreateCollectionRequest Create(string name, params FieldSchema[] fields) =>
        Create(Of(name, fields));

    public static CreateCollectionRequest Create(CollectionSchema schema) =>
        new() { CollectionName = schema.Name, Schema = schema.ToByteString() };

    public static CreateCollectionRequest Simple(string name) => Create(name, Pk(), Vector());

    public static void Ok(WireStatus s) => Assert.True(s.Code == 0, $"expected success, got {s.Code}: {s.Reason}");

#pragma warning disable CS0612
    public static void Fails(WireStatus s, int code, string reason)
    {
        Assert.Equal(reason, s.Reason);
        Assert.Equal(code, s.Code);
        var legacy = code == 65535 ? ErrorCode.UnexpectedError : MilvusPS.Protocol.Facts.ErrorCatalog.Find(code)!.LegacyErrorCode;
        Assert.Equal(legacy, s.ErrorCode);
    }
#pragma warning restore CS0612
}

public sealed class SchemaLifecycleTests : EmulatorTests
{
    private async Task<DescribeCollectionResponse> Describe(string name) =>
        await Client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = name });

    private async Task CreateIndexedAsync(string name)
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple(name)));
        Schemas.Ok(await Client.CreateIndexAsync(new CreateIndexRequest { CollectionName = name, FieldName = "vec" }));
    }

    // ---- databases ----

    [Fact]
    public async Task Database_lifecycle()
    {
        var created = await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "shop", Properties = { new KeyValuePair { Key = "database.max.collections", Value = "10" } } });
        Schemas.Ok(created);
        Schemas.Fails(await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "shop" }), 65535, "database already exist: shop");
        Schemas.Fails(await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "1shop" }), 802,
            "the first character of a database name must be an underscore or letter: invalid database name[database=1shop]");

        var list = await Client.ListDatabasesAsync(new ListDatabasesRequest());
        Assert.Equal(["default", "shop"], list.DbNames);
        Assert.Equal(MilvusCatalog.DefaultDatabaseId, list.DbIds[0]);
        Assert.Equal(2, list.CreatedTimestamp.Count);

        Schemas.Ok(await Client.AlterDatabaseAsync(new AlterDatabaseRequest { DbName = "shop", Properties = { new KeyValuePair { Key = "database.force.deny.writing", Value = "true" } } }));
        Schemas.Ok(await Client.AlterDatabaseAsync(new AlterDatabaseRequest { DbName = "shop", DeleteKeys = { "database.max.collections" } }));
        var described = await Client.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = "shop" });
        Assert.Equal("shop", described.DbName);
        Assert.Equal(list.DbIds[1], described.DbID);
        Assert.Equal("database.force.deny.writing", Assert.Single(described.Properties).Key);

        // Collections live in the database named by the dbname metadata.
        var inShop = TestEmulator.Headers(("dbname", "shop"));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("books"), inShop));
        Assert.False((await Client.HasCollectionAsync(new HasCollectionRequest { CollectionName = "books" })).Value);
        Assert.True((await Client.HasCollectionAsync(new HasCollectionRequest { CollectionName = "books" }, inShop)).Value);

        Schemas.Fails(await Client.DropDatabaseAsync(new DropDatabaseRequest { DbName = "shop" }), 65535,
            "database:shop not empty, must drop all collections before drop database");
        Schemas.Ok(await Client.DropCollectionAsync(new DropCollectionRequest { CollectionName = "books" }, inShop));
        Schemas.Ok(await Client.DropDatabaseAsync(new DropDatabaseRequest { DbName = "shop" }));
        Schemas.Fails(await Client.DropDatabaseAsync(new DropDatabaseRequest { DbName = "default" }), 65535, "can not drop default database");
        Schemas.Fails(await Client.DropDatabaseAsync(new DropDatabaseRequest { DbName = "shop" }), 800, "database not found[database=shop]");
        Schemas.Fails((await Client.DescribeDatabaseAsync(new DescribeDatabaseRequest { DbName = "nope" })).Status, 800, "database not found[database=nope]");
        Schemas.Fails((await Client.HasCollectionAsync(new HasCollectionRequest { CollectionName = "x" }, TestEmulator.Headers(("dbname", "nope")))).Status, 800, "database not found[database=nope]");
    }

    [Fact]
    public async Task Database_limit_is_64_besides_default()
    {
        for (var i = 0; i < 64; i++) Schemas.Ok(await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = $"db{i}" }));
        Schemas.Fails(await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "onemore" }), 801, "exceeded the limit number of database[limit=64]");
    }

    // ---- collections ----

    [Fact]
    public async Task CreateCollection_and_describe_return_the_full_shape()
    {
        var schema = Schemas.Of("books", Schemas.Pk("id", DataType.VarChar), Schemas.Vector("vec", 128),
            Schemas.Param(new FieldSchema { Name = "title", DataType = DataType.VarChar }, "max_length", "512"));
        schema.EnableDynamicField = true;
        var request = Schemas.Create(schema);
        request.ShardsNum = 2;
        request.ConsistencyLevel = ConsistencyLevel.Bounded;
        request.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = "3600" });
        Schemas.Ok(await Client.CreateCollectionAsync(request));
        // The same request again is idempotent; a different schema under the same name is refused.
        Schemas.Ok(await Client.CreateCollectionAsync(request));
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Simple("books")), 65535, "create duplicate collection with different parameters, collection: books");

        var d = await Describe("books");
        Schemas.Ok(d.Status);
        Assert.Equal("books", d.CollectionName);
        Assert.Equal("default", d.DbName);
        Assert.Equal([100L, 101L, 102L], d.Schema.Fields.Select(f => f.FieldID));
        Assert.DoesNotContain(d.Schema.Fields, f => f.Name == "$meta");
        Assert.True(d.Schema.EnableDynamicField);
        Assert.Equal(2, d.ShardsNum);
        Assert.Equal(ConsistencyLevel.Bounded, d.ConsistencyLevel);
        Assert.Equal(["by-dev-rootcoord-dml_0", "by-dev-rootcoord-dml_1"], d.PhysicalChannelNames);
        Assert.Equal([$"by-dev-rootcoord-dml_0_{d.CollectionID}v0", $"by-dev-rootcoord-dml_1_{d.CollectionID}v1"], d.VirtualChannelNames);
        Assert.Equal("3600", Assert.Single(d.Properties).Value);
        Assert.Equal(TimestampOracle.Parse(d.CreatedTimestamp).PhysicalMs, (long)d.CreatedUtcTimestamp);
        Assert.True(d.CreatedUtcTimestamp > 1_600_000_000_000UL);

        var byId = await Client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionID = d.CollectionID });
        Assert.Equal("books", byId.CollectionName);
        Schemas.Fails((await Describe("nope")).Status, 100, "can't find collection[database=default][collection=nope]");

        var shown = await Client.ShowCollectionsAsync(new ShowCollectionsRequest());
        Assert.Equal(["books"], shown.CollectionNames);
        Assert.Equal([d.CollectionID], shown.CollectionIds);
        Assert.Equal([d.CreatedTimestamp], shown.CreatedTimestamps);

        var stats = await Client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = "books" });
        Assert.Equal("row_count", stats.Stats.Single().Key);
        Assert.Equal("0", stats.Stats.Single().Value);
    }

    public static TheoryData<string, CreateCollectionRequest, int, string> InvalidSchemas() => new()
    {
        { "bad name", Schemas.Create("1books", Schemas.Pk(), Schemas.Vector()), 1100,
            "Invalid collection name: 1books.  the first character of a collection name must be an underscore or letter: invalid parameter" },
        { "name charset", Schemas.Create("bo-oks", Schemas.Pk(), Schemas.Vector()), 1100,
            "Invalid collection name: bo-oks.  collection name can only contain numbers, letters and underscores: invalid parameter" },
        { "no pk", Schemas.Create("c", new FieldSchema { Name = "n", DataType = DataType.Int64 }, Schemas.Vector()), 1100, "primary key is not specified: invalid parameter" },
        { "two pks", Schemas.Create("c", Schemas.Pk("a"), Schemas.Pk("b"), Schemas.Vector()), 1100, "there are more than one primary key, field name = a, b: invalid parameter" },
        { "float pk", Schemas.Create("c", new FieldSchema { Name = "a", DataType = DataType.Float, IsPrimaryKey = true }, Schemas.Vector()), 1100,
            "the data type of primary key should be Int64 or VarChar: invalid parameter" },
        { "duplicate field", Schemas.Create("c", Schemas.Pk(), Schemas.Vector("v"), Schemas.Vector("v")), 1100, "duplicated field name v found: invalid parameter" },
        { "no vector", Schemas.Create("c", Schemas.Pk()), 1100, "schema does not contain vector field: c: invalid parameter" },
        { "keyword", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "like", DataType = DataType.Bool }), 1701,
            "like is keyword in milvus.: field name invalid[field=like]" },
        { "field charset", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "a-b", DataType = DataType.Bool }), 1701,
            "Invalid field name: a-b. Field name can only contain numbers, letters, and underscores.: field name invalid[field=a-b]" },
        { "dim too big", Schemas.Create("c", Schemas.Pk(), Schemas.Vector("v", 32769)), 1100,
            "invalid dimension: 32769. float vector dimension should be in range 2 ~ 32768: invalid parameter" },
        { "binary dim", Schemas.Create("c", Schemas.Pk(), Schemas.Vector("v", 12, DataType.BinaryVector)), 1100,
            "invalid dimension: 12. binary vector dimension should be multiple of 8. : invalid parameter" },
        { "sparse dim", Schemas.Create("c", Schemas.Pk(), Schemas.Vector("v", 8, DataType.SparseFloatVector)), 1100,
            "dim should not be specified for sparse vector field v(0): invalid parameter" },
        { "varchar length", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), Schemas.Param(new FieldSchema { Name = "t", DataType = DataType.VarChar }, "max_length", "65536")), 1100,
            "the maximum length specified for the field(t) should be in (0, 65535], but got 65536 instead: invalid parameter" },
        { "array capacity", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), Schemas.Param(new FieldSchema { Name = "a", DataType = DataType.Array, ElementType = DataType.Int64 }, "max_capacity", "5000")), 1100,
            "the maximum capacity specified for a Array should be in (0, 4096]: invalid parameter" },
        { "array of json", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), Schemas.Param(new FieldSchema { Name = "a", DataType = DataType.Array, ElementType = DataType.Json }, "max_capacity", "5")), 1100,
            "element type JSON is not supported: invalid parameter" },
        { "autoid on non-pk", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "n", DataType = DataType.Int64, AutoID = true }), 1100,
            "only primary field can speficy AutoID with true, field name = n: invalid parameter" },
        { "string type", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "s", DataType = DataType.String }), 1100,
            "string data type not supported yet, please use VarChar type instead: invalid parameter" },
        { "pk partition key", Schemas.Create("c", new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true, IsPartitionKey = true }, Schemas.Vector()), 1100,
            "the partition key field must not be primary field: invalid parameter" },
        { "vector clustering key", Schemas.Create("c", Schemas.Pk(), Schemas.Param(new FieldSchema { Name = "v", DataType = DataType.FloatVector, IsClusteringKey = true }, "dim", "8")), 107,
            "vector clustering key not allowed[collection=c]" },
        { "json default", Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "j", DataType = DataType.Json, DefaultValue = new ValueField { StringData = "{}" } }), 1100,
            "JSON field j does not support default values: invalid parameter" },
    };

    [Theory]
    [MemberData(nameof(InvalidSchemas))]
    public async Task CreateCollection_rejects_invalid_schemas(string because, CreateCollectionRequest request, int code, string reason)
    {
        Assert.NotNull(because);
        Schemas.Fails(await Client.CreateCollectionAsync(request), code, reason);
        Assert.Empty((await Client.ShowCollectionsAsync(new ShowCollectionsRequest())).CollectionNames);
    }

    [Fact]
    public async Task Too_many_fields_and_vectors_are_refused()
    {
        var fields = new List<FieldSchema> { Schemas.Pk(), Schemas.Vector() };
        for (var i = 0; i < 63; i++) fields.Add(new FieldSchema { Name = $"f{i}", DataType = DataType.Int32 });
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create("c", [.. fields])), 1100, "maximum field's number should be limited to 64: invalid parameter");
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create("c", Schemas.Pk(), Schemas.Vector("a"), Schemas.Vector("b"), Schemas.Vector("c"), Schemas.Vector("d"), Schemas.Vector("e"))), 1100,
            "maximum vector field's number should be limited to 4: invalid parameter");
    }

    [Fact]
    public async Task Partition_key_creates_physical_partitions_and_refuses_manual_ones()
    {
        var request = Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "tenant", DataType = DataType.Int64, IsPartitionKey = true });
        Schemas.Ok(await Client.CreateCollectionAsync(request));
        var d = await Describe("c");
        Assert.Equal(16, d.NumPartitions);
        var parts = await Client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "c" });
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"_default_{i}"), parts.PartitionNames);
        Schemas.Fails(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p" }), 65535,
            "disable create partition if partition key mode is used");

        var noKey = Schemas.Simple("d");
        noKey.NumPartitions = 4;
        Schemas.Fails(await Client.CreateCollectionAsync(noKey), 1100, "num_partitions should only be specified with partition key field enabled: invalid parameter");
    }

    [Fact]
    public async Task Bm25_function_marks_its_output_and_needs_an_analyzer()
    {
        var text = Schemas.Param(Schemas.Param(new FieldSchema { Name = "text", DataType = DataType.VarChar }, "max_length", "1000"), "enable_analyzer", "true");
        var schema = Schemas.Of("docs", Schemas.Pk(), text, new FieldSchema { Name = "sparse", DataType = DataType.SparseFloatVector });
        schema.Functions.Add(new FunctionSchema { Name = "bm25", Type = FunctionType.Bm25, InputFieldNames = { "text" }, OutputFieldNames = { "sparse" } });
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        var d = await Describe("docs");
        Assert.True(d.Schema.Fields.Single(f => f.Name == "sparse").IsFunctionOutput);
        var fn = Assert.Single(d.Schema.Functions);
        Assert.Equal([101L], fn.InputFieldIds);
        Assert.Equal([102L], fn.OutputFieldIds);

        var bad = schema.Clone();
        bad.Name = "docs2";
        bad.Fields[1].TypeParams.RemoveAt(1);
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Create(bad)), 1100, "BM25 function input field must set enable_analyzer to true: invalid parameter");
    }

    [Fact]
    public async Task Drop_rename_and_alter_collection()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("a")));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("b")));
        Schemas.Ok(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "a", Alias = "current" }));

        Schemas.Fails(await Client.DropCollectionAsync(new DropCollectionRequest { CollectionName = "a" }), 65535,
            "unable to drop the collection [a] because it has associated aliases [current], please remove all aliases before dropping the collection");
        Schemas.Fails(await Client.DropCollectionAsync(new DropCollectionRequest { CollectionName = "current" }), 65535, "cannot drop the collection via alias = current");
        Schemas.Fails(await Client.CreateCollectionAsync(Schemas.Simple("current")), 65535, "collection name [current] conflicts with an existing alias, please choose a unique name");
        Schemas.Ok(await Client.DropCollectionAsync(new DropCollectionRequest { CollectionName = "never_existed" }));

        Schemas.Fails(await Client.RenameCollectionAsync(new RenameCollectionRequest { OldName = "b", NewName = "a" }), 65535,
            "duplicated new collection name a in database default with other collection name or alias");
        var id = (await Describe("b")).CollectionID;
        Schemas.Ok(await Client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "archive" }));
        Schemas.Ok(await Client.RenameCollectionAsync(new RenameCollectionRequest { OldName = "b", NewName = "old_b", NewDBName = "archive" }));
        var moved = await Client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "old_b", DbName = "archive" });
        Assert.Equal(id, moved.CollectionID);
        Assert.Equal("archive", moved.DbName);
        Schemas.Fails((await Describe("b")).Status, 100, "can't find collection[database=default][collection=b]");

        Schemas.Ok(await Client.AlterCollectionAsync(new AlterCollectionRequest { CollectionName = "a", Properties = { new KeyValuePair { Key = "collection.ttl.seconds", Value = "60" } } }));
        Assert.Equal("60", (await Describe("current")).Properties.Single(p => p.Key == "collection.ttl.seconds").Value);
        Schemas.Fails(await Client.AlterCollectionAsync(new AlterCollectionRequest { CollectionName = "a", Properties = { new KeyValuePair { Key = "collection.ttl.seconds", Value = "-1" } } }), 1100,
            "collection TTL is not a valid positive integer: -1: invalid parameter");
        Schemas.Ok(await Client.AlterCollectionAsync(new AlterCollectionRequest { CollectionName = "a", DeleteKeys = { "collection.ttl.seconds" } }));
        Assert.Empty((await Describe("a")).Properties);
    }

    [Fact]
    public async Task AlterCollectionField_and_AddCollectionField()
    {
        var schema = Schemas.Of("c", Schemas.Pk(), Schemas.Vector(), Schemas.Param(new FieldSchema { Name = "t", DataType = DataType.VarChar }, "max_length", "10"));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Create(schema)));
        Schemas.Ok(await Client.AlterCollectionFieldAsync(new AlterCollectionFieldRequest { CollectionName = "c", FieldName = "t", Properties = { new KeyValuePair { Key = "max_length", Value = "100" } } }));
        Assert.Equal("100", (await Describe("c")).Schema.Fields.Single(f => f.Name == "t").TypeParams.Single(p => p.Key == "max_length").Value);
        Schemas.Fails(await Client.AlterCollectionFieldAsync(new AlterCollectionFieldRequest { CollectionName = "c", FieldName = "nope", Properties = { new KeyValuePair { Key = "max_length", Value = "100" } } }), 1700,
            "field not found[field=nope]");

        var added = new FieldSchema { Name = "extra", DataType = DataType.Int32, Nullable = true };
        Schemas.Ok(await Client.AddCollectionFieldAsync(new AddCollectionFieldRequest { CollectionName = "c", Schema = added.ToByteString() }));
        Assert.Equal(103, (await Describe("c")).Schema.Fields.Single(f => f.Name == "extra").FieldID);
        var notNullable = new FieldSchema { Name = "extra2", DataType = DataType.Int32 };
        Schemas.Fails(await Client.AddCollectionFieldAsync(new AddCollectionFieldRequest { CollectionName = "c", Schema = notNullable.ToByteString() }), 1100,
            "added field must be nullable, please check it, field name = extra2: invalid parameter");

        Schemas.Ok((await Client.TruncateCollectionAsync(new TruncateCollectionRequest { CollectionName = "c" })).Status);
    }

    // ---- partitions ----

    [Fact]
    public async Task Partition_lifecycle()
    {
        await CreateIndexedAsync("c");
        Schemas.Ok(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p2024" }));
        Schemas.Ok(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p2024" }));
        Schemas.Fails(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p 1" }), 1100,
            "Invalid partition name: p 1. Partition name can only contain numbers, letters and underscores.: invalid parameter");
        Schemas.Fails(await Client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "x", PartitionName = "p" }), 100,
            "collection not found[database=default][collection=x]");

        var parts = await Client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "c" });
        Assert.Equal(["_default", "p2024"], parts.PartitionNames);
        Assert.Equal(2, parts.PartitionIDs.Distinct().Count());
        Assert.True((await Client.HasPartitionAsync(new HasPartitionRequest { CollectionName = "c", PartitionName = "p2024" })).Value);
        Assert.False((await Client.HasPartitionAsync(new HasPartitionRequest { CollectionName = "c", PartitionName = "nope" })).Value);
        Assert.Equal("0", (await Client.GetPartitionStatisticsAsync(new GetPartitionStatisticsRequest { CollectionName = "c", PartitionName = "p2024" })).Stats.Single().Value);
        Schemas.Fails((await Client.GetPartitionStatisticsAsync(new GetPartitionStatisticsRequest { CollectionName = "c", PartitionName = "nope" })).Status, 200, "partition not found[partition=nope]");

        Schemas.Fails(await Client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "c", PartitionName = "_default" }), 65535, "default partition cannot be deleted");
        Schemas.Ok(await Client.LoadPartitionsAsync(new LoadPartitionsRequest { CollectionName = "c", PartitionNames = { "p2024" } }));
        Schemas.Fails(await Client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "c", PartitionName = "p2024" }), 65535,
            "partition cannot be dropped, partition is loaded, please release it first");
#pragma warning disable CS0612
        var inMemory = await Client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "c", Type = ShowType.InMemory });
        Assert.Equal(["p2024"], inMemory.PartitionNames);
        Assert.Equal([100L], inMemory.InMemoryPercentages);
#pragma warning restore CS0612
        Schemas.Ok(await Client.ReleasePartitionsAsync(new ReleasePartitionsRequest { CollectionName = "c", PartitionNames = { "p2024" } }));
        Schemas.Ok(await Client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "c", PartitionName = "p2024" }));
        Schemas.Ok(await Client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "c", PartitionName = "p2024" }));
        Assert.Equal(["_default"], (await Client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "c" })).PartitionNames);
    }

    // ---- aliases ----

    [Fact]
    public async Task Alias_lifecycle()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("v1")));
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("v2")));
        Schemas.Ok(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "v1", Alias = "live" }));
        Schemas.Ok(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "v1", Alias = "live" }));
        Schemas.Fails(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "v2", Alias = "live" }), 1602,
            "live is alias to another collection: v1: alias already exist[database=default][alias=live]");
        Schemas.Fails(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "v1", Alias = "v2" }), 1601,
            "alias and collection name conflict[database=default][alias=v2]");
        Schemas.Fails(await Client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "v9", Alias = "x" }), 100,
            "collection not found[database=default][collection=v9]");

        var described = await Client.DescribeAliasAsync(new DescribeAliasRequest { Alias = "live" });
        Assert.Equal("v1", described.Collection);
        Assert.Equal("default", described.DbName);
        Assert.Equal(["live"], (await Describe("v1")).Aliases);
        Assert.Equal("v1", (await Describe("live")).CollectionName);

        Schemas.Ok(await Client.AlterAliasAsync(new AlterAliasRequest { CollectionName = "v2", Alias = "live" }));
        Assert.Equal(["live"], (await Client.ListAliasesAsync(new ListAliasesRequest { CollectionName = "v2" })).Aliases);
        Assert.Empty((await Client.ListAliasesAsync(new ListAliasesRequest { CollectionName = "v1" })).Aliases);
        Assert.Equal(["live"], (await Client.ListAliasesAsync(new ListAliasesRequest())).Aliases);
        Schemas.Fails(await Client.AlterAliasAsync(new AlterAliasRequest { CollectionName = "v2", Alias = "nope" }), 1600, "alias not found[database=default][alias=nope]");
        Schemas.Fails((await Client.ListAliasesAsync(new ListAliasesRequest { CollectionName = "v9" })).Status, 100, "collection not found[collection=v9]");

        Schemas.Ok(await Client.DropAliasAsync(new DropAliasRequest { Alias = "live" }));
        Schemas.Fails(await Client.DropAliasAsync(new DropAliasRequest { Alias = "live" }), 1600, "alias not found[database=default][alias=live]");
        Schemas.Fails((await Client.DescribeAliasAsync(new DescribeAliasRequest { Alias = "live" })).Status, 1600, "alias not found[database=default][alias=live]");
    }

    // ---- indexes, load, release ----

    [Fact]
    public async Task Load_needs_a_vector_index_and_reports_state()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("c")));
        Schemas.Fails(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "c" }), 1100,
            "there is no vector index on field: [vec], please create index firstly: invalid parameter");
        Assert.Equal(LoadState.NotLoad, (await Client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "c" })).State);
        Schemas.Fails((await Client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "x" })).Status, 100, "collection not found[database=default][collection=x]");

        Schemas.Ok(await Client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "c", FieldName = "vec", ExtraParams = { new KeyValuePair { Key = "index_type", Value = "HNSW" } } }));
        Schemas.Fails(await Client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "c", FieldName = "vec", ExtraParams = { new KeyValuePair { Key = "index_type", Value = "FLAT" } } }), 65535,
            "at most one distinct index is allowed per field");
        Schemas.Fails(await Client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "c", FieldName = "nope" }), 65535, "cannot create index on non-exist field: nope");
        var index = Assert.Single((await Client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "c" })).IndexDescriptions);
        Assert.Equal("vec", index.IndexName);
        Assert.Equal(IndexState.Finished, index.State);
        Assert.Equal("HNSW", index.Params.Single().Value);
        Assert.Equal(0, index.TotalRows);

        Schemas.Ok(await Client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "c" }));
        Assert.Equal(LoadState.Loaded, (await Client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Equal(100, (await Client.GetLoadingProgressAsync(new GetLoadingProgressRequest { CollectionName = "c" })).Progress);
#pragma warning disable CS0612
        var inMemory = await Client.ShowCollectionsAsync(new ShowCollectionsRequest { Type = ShowType.InMemory });
        Assert.Equal(["c"], inMemory.CollectionNames);
        Assert.Equal([100L], inMemory.InMemoryPercentages);
#pragma warning restore CS0612
        Schemas.Fails(await Client.DropIndexAsync(new DropIndexRequest { CollectionName = "c", FieldName = "vec" }), 65535,
            "index cannot be dropped, collection is loaded, please release it first");

        Schemas.Ok(await Client.ReleaseCollectionAsync(new ReleaseCollectionRequest { CollectionName = "c" }));
        Schemas.Ok(await Client.ReleaseCollectionAsync(new ReleaseCollectionRequest { CollectionName = "c" }));
        Assert.Equal(LoadState.NotLoad, (await Client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Equal(101, (await Client.GetLoadingProgressAsync(new GetLoadingProgressRequest { CollectionName = "c" })).Status.Code);
        Schemas.Ok(await Client.DropIndexAsync(new DropIndexRequest { CollectionName = "c", FieldName = "vec" }));
        Schemas.Fails((await Client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "c" })).Status, 700, "index not found[collection=c]");
    }

    [Fact]
    public async Task Flush_and_compaction_bookkeeping()
    {
        Schemas.Ok(await Client.CreateCollectionAsync(Schemas.Simple("c")));
        var flush = await Client.FlushAsync(new FlushRequest { CollectionNames = { "c" } });
        Schemas.Ok(flush.Status);
        Assert.Empty(flush.CollSegIDs["c"].Data);
        Assert.True(flush.CollFlushTs["c"] > 0);
        Assert.True((await Client.GetFlushStateAsync(new GetFlushStateRequest { CollectionName = "c", FlushTs = flush.CollFlushTs["c"] })).Flushed);
        Schemas.Fails((await Client.FlushAsync(new FlushRequest { CollectionNames = { "x" } })).Status, 100, "collection not found[database=default][collection=x]");

        var all = await Client.FlushAllAsync(new FlushAllRequest());
        Schemas.Ok(all.Status);
        Assert.True((await Client.GetFlushAllStateAsync(new GetFlushAllStateRequest())).Flushed);

        var compaction = await Client.ManualCompactionAsync(new ManualCompactionRequest { CollectionName = "c" });
        Schemas.Ok(compaction.Status);
        Assert.True(compaction.CompactionID > 0);
        Assert.Equal(CompactionState.Completed, (await Client.GetCompactionStateAsync(new GetCompactionStateRequest { CompactionID = compaction.CompactionID })).State);
        Assert.Equal(CompactionState.Completed, (await Client.GetCompactionStateWithPlansAsync(new GetCompactionPlansRequest { CompactionID = compaction.CompactionID })).State);
    }
}

public sealed class LoadProgressTests
{
    [Fact]
    public async Task Realistic_mode_reports_loading_then_loaded()
    {
        await using var server = await TestEmulator.StartAsync(o => { o.LoadMode = LoadMode.Realistic; o.RealisticLoadTime = TimeSpan.FromMilliseconds(600); });
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Simple("c")));
        Schemas.Ok(await client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "c", FieldName = "vec" }));
        Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "c" }));

        Assert.Equal(LoadState.Loading, (await client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.InRange((await client.GetLoadingProgressAsync(new GetLoadingProgressRequest { CollectionName = "c" })).Progress, 0, 99);
        await Task.Delay(800);
        Assert.Equal(LoadState.Loaded, (await client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Equal(100, (await client.GetLoadingProgressAsync(new GetLoadingProgressRequest { CollectionName = "c" })).Progress);
    }
}

public sealed class SchemaVersionGateTests
{
    private static async Task<(EmulatorServer, Grpc.Net.Client.GrpcChannel, MilvusService.MilvusServiceClient)> Start(string version)
    {
        var server = await TestEmulator.StartAsync(o => o.MilvusVersion = version);
        var channel = TestEmulator.Channel(server);
        return (server, channel, TestEmulator.Client(channel));
    }

    [Fact]
    public async Task Milvus_2_3_allows_one_vector_field_and_knows_no_float16()
    {
        var (server, channel, client) = await Start("2.3");
        await using (server)
        using (channel)
        {
            Schemas.Fails(await client.CreateCollectionAsync(Schemas.Create("c", Schemas.Pk(), Schemas.Vector("a"), Schemas.Vector("b"))), 1100,
                "maximum vector field's number should be limited to 1: invalid parameter");
            Schemas.Fails(await client.CreateCollectionAsync(Schemas.Create("c", Schemas.Pk(), Schemas.Vector("a", 8, DataType.Float16Vector))), 1100,
                "field data type: 102 is not supported: invalid parameter");
            Schemas.Fails(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "c" }), 100, "collection not found[database=default][collection=c]");
        }
    }

    [Fact]
    public async Task Milvus_2_4_ignores_nullable_and_refuses_defaults_and_int8_vectors()
    {
        var (server, channel, client) = await Start("2.4");
        await using (server)
        using (channel)
        {
            // nullable is field 15 of FieldSchema, unknown to a 2.4 server: dropped while parsing.
            Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("c", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "n", DataType = DataType.Int32, Nullable = true })));
            var d = await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "c" });
            Assert.False(d.Schema.Fields.Single(f => f.Name == "n").Nullable);
            Schemas.Fails(await client.CreateCollectionAsync(Schemas.Create("d", Schemas.Pk(), Schemas.Vector(), new FieldSchema { Name = "n", DataType = DataType.Int32, DefaultValue = new ValueField { IntData = 1 } })), 1100,
                "default value is not supported: invalid parameter");
            Schemas.Fails(await client.CreateCollectionAsync(Schemas.Create("e", Schemas.Pk(), Schemas.Vector("v", 8, DataType.Int8Vector))), 1100,
                "field data type: 105 is not supported: invalid parameter");
            Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("f", Schemas.Pk(), Schemas.Vector("v", 8, DataType.Float16Vector), Sparse())));
            // 2.3–2.5: the load precondition is a plain error (code 65535).
            Schemas.Fails(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "f" }), 65535,
                "there is no vector index on field: [v s], please create index firstly");
        }

        static FieldSchema Sparse() => new() { Name = "s", DataType = DataType.SparseFloatVector };
    }

    [Fact]
    public async Task Milvus_2_6_accepts_int8_vectors_nullable_fields_and_defaults()
    {
        var (server, channel, client) = await Start("2.6");
        await using (server)
        using (channel)
        {
            Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create("c", Schemas.Pk(), Schemas.Vector("v", 8, DataType.Int8Vector),
                new FieldSchema { Name = "n", DataType = DataType.Int32, Nullable = true, DefaultValue = new ValueField { IntData = 7 } })));
            var n = (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "c" })).Schema.Fields.Single(f => f.Name == "n");
            Assert.True(n.Nullable);
            Assert.Equal(7, n.DefaultValue.IntData);
        }
    }
}

public sealed class CatalogPersistenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("milvusps-catalog-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<(DescribeCollectionResponse Coll, ListDatabasesResponse Dbs, ShowPartitionsResponse Parts, DescribeIndexResponse Index, GetLoadStateResponse Load)> Observe(MilvusService.MilvusServiceClient client)
    {
        var inShop = TestEmulator.Headers(("dbname", "shop"));
        return (await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "books" }, inShop),
            await client.ListDatabasesAsync(new ListDatabasesRequest()),
            await client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "books" }, inShop),
            await client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = "books" }, inShop),
            await client.GetLoadStateAsync(new GetLoadStateRequest { CollectionName = "books" }, inShop));
    }

    private async Task Populate(MilvusService.MilvusServiceClient client)
    {
        var inShop = TestEmulator.Headers(("dbname", "shop"));
        Schemas.Ok(await client.CreateDatabaseAsync(new CreateDatabaseRequest { DbName = "shop", Properties = { new KeyValuePair { Key = "k", Value = "v" } } }));
        var schema = Schemas.Of("books", Schemas.Pk(), Schemas.Vector("vec", 16), Schemas.Param(new FieldSchema { Name = "title", DataType = DataType.VarChar }, "max_length", "100"));
        schema.EnableDynamicField = true;
        var create = Schemas.Create(schema);
        create.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = "10" });
        Schemas.Ok(await client.CreateCollectionAsync(create, inShop));
        Schemas.Ok(await client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "books", PartitionName = "p1" }, inShop));
        Schemas.Ok(await client.CreateAliasAsync(new CreateAliasRequest { CollectionName = "books", Alias = "library" }, inShop));
        Schemas.Ok(await client.CreateIndexAsync(new CreateIndexRequest { CollectionName = "books", FieldName = "vec", ExtraParams = { new KeyValuePair { Key = "index_type", Value = "FLAT" } } }, inShop));
        Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "books" }, inShop));
    }

    private static void AssertSame((DescribeCollectionResponse Coll, ListDatabasesResponse Dbs, ShowPartitionsResponse Parts, DescribeIndexResponse Index, GetLoadStateResponse Load) before,
        (DescribeCollectionResponse Coll, ListDatabasesResponse Dbs, ShowPartitionsResponse Parts, DescribeIndexResponse Index, GetLoadStateResponse Load) after)
    {
        before.Coll.RequestTime = after.Coll.RequestTime = 0;
        Assert.Equal(before.Coll, after.Coll);
        Assert.Equal(before.Dbs, after.Dbs);
        Assert.Equal(before.Parts, after.Parts);
        Assert.Equal(before.Index, after.Index);
        Assert.Equal(LoadState.Loaded, after.Load.State);
        Assert.Equal(["library"], after.Coll.Aliases);
    }

    [Fact]
    public async Task Catalog_survives_a_clean_restart()
    {
        var folder = Path.Combine(_root, "data");
        (DescribeCollectionResponse, ListDatabasesResponse, ShowPartitionsResponse, DescribeIndexResponse, GetLoadStateResponse) before;
        await using (var server = await TestEmulator.StartAsync(o => o.DataPath = folder))
        {
            using var channel = TestEmulator.Channel(server);
            var client = TestEmulator.Client(channel);
            await Populate(client);
            before = await Observe(client);
        }
        Assert.True(File.Exists(Path.Combine(folder, Persistence.CatalogLog.SnapshotFileName)));
        Assert.Equal(0, new FileInfo(Path.Combine(folder, Persistence.CatalogLog.LogFileName)).Length);

        await using (var server = await TestEmulator.StartAsync(o => o.DataPath = folder))
        {
            using var channel = TestEmulator.Channel(server);
            var client = TestEmulator.Client(channel);
            AssertSame(before, await Observe(client));
            // New ids keep growing after a restart.
            Schemas.Ok(await client.CreateCollectionAsync(Schemas.Simple("later")));
            var later = await client.DescribeCollectionAsync(new DescribeCollectionRequest { CollectionName = "later" });
            Assert.True(later.CollectionID > before.Item1.CollectionID);
        }
    }

    [Fact]
    public void Log_replay_without_snapshot_tolerates_a_torn_last_record()
    {
        var folder = Path.Combine(_root, "crash");
        Directory.CreateDirectory(folder);
        var tso = new TimestampOracle();
        var log = new Persistence.CatalogLog(folder);
        var catalog = new MilvusCatalog(tso, log);
        var schema = Schemas.Of("c", Schemas.Pk(), Schemas.Vector());
        catalog.CreateCollection("default", "c", schema, 1, ConsistencyLevel.Bounded, [], 0);
        catalog.CreatePartition("default", "c", "p");
        var id = catalog.GetCollection("default", "c").Id;
        log.Dispose();
        // A crash mid-append leaves half a line.
        File.AppendAllText(Path.Combine(folder, Persistence.CatalogLog.LogFileName), "{\"op\":\"coll.put\",\"coll\":{\"id\":1");

        var log2 = new Persistence.CatalogLog(folder);
        var restored = new MilvusCatalog(new TimestampOracle(), log2);
        var c = restored.GetCollection("default", "c");
        Assert.Equal(id, c.Id);
        Assert.Equal(["_default", "p"], restored.PartitionsOf(c).Select(p => p.Name));
        restored.CreatePartition("default", "c", "q");
        log2.Dispose();
        var again = new MilvusCatalog(new TimestampOracle(), new Persistence.CatalogLog(folder));
        Assert.Equal(["_default", "p", "q"], again.PartitionsOf(again.GetCollection("default", "c")).Select(p => p.Name));
    }
}
