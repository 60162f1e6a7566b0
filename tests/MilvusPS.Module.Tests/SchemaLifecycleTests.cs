using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;
using MilvusPS.TestSupport;

namespace MilvusPS.Module.Tests;

/// <summary>Databases and collections end to end through the cmdlets, against the shared endpoint.</summary>
public class DatabaseCmdletTests
{
    [Fact]
    public async Task CreateDescribeAlterUseAndRemoveADatabase()
    {
        using var session = await PsSession.ConnectedAsync();
        var db = PsSession.UniqueName("db");
        var created = session.Invoke($"New-MilvusDatabase {db} -Property @{{ 'database.max.collections' = 7 }}").AssertSuccess().Output.Single();
        Assert.Equal(db, created.Properties["Name"].Value);
        Assert.Equal("7", ((IReadOnlyDictionary<string, string>)created.Properties["Properties"].Value)["database.max.collections"]);

        var listed = session.Invoke("Get-MilvusDatabase").AssertSuccess().Output.Select(o => (string)o.Properties["Name"].Value).ToList();
        Assert.Contains("default", listed);
        Assert.Contains(db, listed);

        session.Invoke($"Set-MilvusDatabase {db} -Property @{{ 'database.replica.number' = 1 }} -RemoveProperty database.max.collections").AssertSuccess();
        var props = (IReadOnlyDictionary<string, string>)session.Invoke($"Get-MilvusDatabase {db}").AssertSuccess().Output.Single().Properties["Properties"].Value;
        Assert.False(props.ContainsKey("database.max.collections"));
        Assert.Equal("1", props["database.replica.number"]);

        session.Invoke($"Use-MilvusDatabase {db}").AssertSuccess();
        Assert.Equal(db, session.Invoke("(Get-MilvusConnection).Database").Output.Single().BaseObject);
        session.Invoke("New-MilvusCollection inside -Dimension 4 -NoLoad").AssertSuccess();
        session.Invoke("Use-MilvusDatabase default").AssertSuccess();

        // Not empty: High impact plus a second question; "no" to the second keeps everything.
        session.Host.Recorder.Answers.Enqueue("Y");
        session.Host.Recorder.Answers.Enqueue("N");
        session.Invoke($"Remove-MilvusDatabase {db} -Confirm").AssertSuccess();
        Assert.Equal(2, session.Host.Recorder.Prompts.Count);
        Assert.Contains("1 collection", session.Host.Recorder.Prompts[1].Message);
        Assert.Single(session.Invoke($"Get-MilvusDatabase {db}").AssertSuccess().Output);

        session.Invoke($"Remove-MilvusDatabase {db} -WhatIf").AssertSuccess();
        Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(db) && l.Contains("inside"));
        Assert.Single(session.Invoke($"Get-MilvusDatabase {db}").AssertSuccess().Output);

        session.Invoke($"Remove-MilvusDatabase {db} -Force").AssertSuccess();
        var gone = session.Invoke($"Get-MilvusDatabase {db}");
        Assert.StartsWith("DatabaseNotFound,", gone.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, gone.Error!.CategoryInfo.Category);
    }

    [Fact]
    public async Task UsingAMissingDatabaseKeepsTheCurrentOne()
    {
        using var session = await PsSession.ConnectedAsync();
        var result = session.Invoke("Use-MilvusDatabase no_such_db_123");
        Assert.StartsWith("DatabaseNotFound,", result.Error?.FullyQualifiedErrorId);
        Assert.Equal("default", session.Invoke("(Get-MilvusConnection).Database").Output.Single().BaseObject);
    }

    [Fact]
    public async Task TheDefaultDatabaseCannotBeDropped()
    {
        using var session = await PsSession.ConnectedAsync();
        var result = session.Invoke("Remove-MilvusDatabase default -Force");
        Assert.NotNull(result.Error);
        Assert.Contains("can not drop default database", result.Error!.Exception.Message);
    }
}

public class CollectionCmdletTests
{
    [Fact]
    public async Task QuickSetupCreatesIndexesAndLoads()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("quick");
        try
        {
            var c = session.Invoke($"New-MilvusCollection {name} -Dimension 8 -MetricType L2").AssertSuccess().Output.Single();
            Assert.Equal("id", c.Properties["PrimaryKey"].Value);
            Assert.Equal(["vector FloatVector(8)"], (IEnumerable<string>)c.Properties["VectorFields"].Value);
            Assert.Equal("Loaded", c.Properties["LoadState"].Value!.ToString());
            Assert.True((bool)c.Properties["EnableDynamicField"].Value);
            var index = PSObject.AsPSObject(((System.Collections.IEnumerable)c.Properties["Indexes"].Value).Cast<object>().Single());
            Assert.Equal("L2", index.Properties["MetricType"].Value);
            Assert.Equal("vector", index.Properties["FieldName"].Value);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task EveryFieldTypeRoundTrips()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("types");
        var script = """
            $fields = @(
                New-MilvusField pk VarChar -MaxLength 64 -PrimaryKey
                New-MilvusField flag Bool
                New-MilvusField i8 Int8
                New-MilvusField i16 Int16
                New-MilvusField i32 Int32
                New-MilvusField i64 Int64 -Description 'a long'
                New-MilvusField f32 Float
                New-MilvusField f64 Double
                New-MilvusField text VarChar -MaxLength 300
                New-MilvusField tags Array -ElementType VarChar -MaxCapacity 10 -MaxLength 20
                New-MilvusField nums Array -ElementType Int64 -MaxCapacity 100
                New-MilvusField meta JSON
                New-MilvusField bits BinaryVector -Dimension 64
                New-MilvusField dense FloatVector -Dimension 16
                New-MilvusField half Float16Vector -Dimension 8
                New-MilvusField sparse SparseFloatVector
            )
            $schema = New-MilvusSchema -Field $fields -Description 'all types' -EnableDynamicField
            New-MilvusCollection NAME -Schema $schema -ShardsNum 2 -ConsistencyLevel Strong
            """.Replace("NAME", name);
        try
        {
            var created = session.Invoke(script).AssertSuccess().Output.Single();
            var described = session.Invoke($"Get-MilvusCollection {name}").AssertSuccess().Output.Single();
            Assert.Equal("all types", described.Properties["Description"].Value);
            Assert.Equal(2, described.Properties["ShardsNum"].Value);
            Assert.Equal("Strong", described.Properties["ConsistencyLevel"].Value!.ToString());
            Assert.Equal("NotLoad", described.Properties["LoadState"].Value!.ToString());
            var fields = ((System.Collections.IEnumerable)described.Properties["Fields"].Value).Cast<object>().Select(PSObject.AsPSObject).ToList();
            string Type(string field) => (string)fields.Single(f => (string)f.Properties["Name"].Value == field).Properties["TypeText"].Value;
            Assert.Equal(16, fields.Count);
            Assert.Equal("VarChar(64)", Type("pk"));
            Assert.Equal("Bool", Type("flag"));
            Assert.Equal("Int8", Type("i8"));
            Assert.Equal("Int16", Type("i16"));
            Assert.Equal("Int32", Type("i32"));
            Assert.Equal("Int64", Type("i64"));
            Assert.Equal("Float", Type("f32"));
            Assert.Equal("Double", Type("f64"));
            Assert.Equal("VarChar(300)", Type("text"));
            Assert.Equal("Array<VarChar(20)>[10]", Type("tags"));
            Assert.Equal("Array<Int64>[100]", Type("nums"));
            Assert.Equal("Json", Type("meta"));
            Assert.Equal("BinaryVector(64)", Type("bits"));
            Assert.Equal("FloatVector(16)", Type("dense"));
            Assert.Equal("Float16Vector(8)", Type("half"));
            Assert.Equal("SparseFloatVector", Type("sparse"));
            var pk = fields.Single(f => (string)f.Properties["Name"].Value == "pk");
            Assert.True((bool)pk.Properties["IsPrimaryKey"].Value);
            Assert.Equal("a long", fields.Single(f => (string)f.Properties["Name"].Value == "i64").Properties["Description"].Value);
            var ids = fields.Select(f => (long)f.Properties["FieldId"].Value).ToList();
            Assert.All(ids, id => Assert.True(id >= 100));
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(created.Properties["CollectionId"].Value, described.Properties["CollectionId"].Value);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [SkippableFact]
    public async Task TheOtherVectorTypesRoundTrip()
    {
        using var session = await PsSession.ConnectedAsync();
        Skip.IfNot((bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('Int8Vector')").Output.Single().BaseObject, "Int8Vector needs Milvus 2.6.");
        var name = PsSession.UniqueName("types2");
        try
        {
            session.Invoke($$"""
                $schema = New-MilvusSchema @(
                    New-MilvusField id Int64 -PrimaryKey -AutoId
                    New-MilvusField bf BFloat16Vector -Dimension 32
                    New-MilvusField i8v Int8Vector -Dimension 16
                    New-MilvusField tenant VarChar -MaxLength 40 -PartitionKey
                )
                New-MilvusCollection {{name}} -Schema $schema -NumPartitions 4 | Out-Null
                """).AssertSuccess();
            var c = session.Invoke($"Get-MilvusCollection {name}").AssertSuccess().Output.Single();
            Assert.Equal(["bf BFloat16Vector(32)", "i8v Int8Vector(16)"], (IEnumerable<string>)c.Properties["VectorFields"].Value);
            Assert.Equal(4L, c.Properties["NumPartitions"].Value);
            var tenant = ((System.Collections.IEnumerable)c.Properties["Fields"].Value).Cast<object>().Select(PSObject.AsPSObject).Single(f => (string)f.Properties["Name"].Value == "tenant");
            Assert.True((bool)tenant.Properties["IsPartitionKey"].Value);
            // A partition-key collection's partitions are Milvus's own.
            var refused = session.Invoke($"New-MilvusPartition {name} -Name mine");
            Assert.NotNull(refused.Error);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task ReleasingAnUnloadedCollectionSucceedsAsInMilvus()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("rel");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            session.Invoke($"Dismount-MilvusCollection {name} -Force").AssertSuccess();
            Assert.Equal("NotLoad", session.Invoke($"(Get-MilvusLoadState {name}).State").Output.Single().ToString());
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [SkippableFact]
    public async Task ASchemaFileWithBm25CreatesTheCollection()
    {
        using var session = await PsSession.ConnectedAsync();
        var supported = (bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('Functions')").Output.Single().BaseObject;
        Skip.IfNot(supported, "Schema functions need Milvus 2.5 or later.");
        var name = PsSession.UniqueName("file");
        var path = Path.Combine(Path.GetTempPath(), name + ".yaml");
        File.WriteAllText(path, """
            description: articles
            enableDynamicField: false
            consistencyLevel: Session
            properties:
              collection.ttl.seconds: "3600"
            fields:
              - { name: id, type: Int64, primaryKey: true, autoId: true }
              - { name: title, type: VarChar, maxLength: 512, enableAnalyzer: true }
              - { name: embedding, type: FloatVector, dim: 32 }
              - { name: sparse, type: SparseFloatVector }
            functions:
              - { name: title_bm25, type: BM25, inputFields: [title], outputFields: [sparse] }
            """);
        try
        {
            var c = session.Invoke($"New-MilvusCollection {name} -Path '{path}'").AssertSuccess().Output.Single();
            Assert.Equal("Session", c.Properties["ConsistencyLevel"].Value!.ToString());
            Assert.Equal("3600", ((IReadOnlyDictionary<string, string>)c.Properties["Properties"].Value)["collection.ttl.seconds"]);
            var schema = PSObject.AsPSObject(c.Properties["Schema"].Value);
            var function = PSObject.AsPSObject(((System.Collections.IEnumerable)schema.Properties["Functions"].Value).Cast<object>().Single());
            Assert.Equal("BM25", function.Properties["Type"].Value!.ToString());
            var sparse = ((System.Collections.IEnumerable)c.Properties["Fields"].Value).Cast<object>().Select(PSObject.AsPSObject).Single(f => (string)f.Properties["Name"].Value == "sparse");
            Assert.True((bool)sparse.Properties["IsFunctionOutput"].Value);
        }
        finally
        {
            File.Delete(path);
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task ABrokenSchemaFileIsInvalidData()
    {
        using var session = await PsSession.ConnectedAsync();
        var path = Path.Combine(Path.GetTempPath(), PsSession.UniqueName("bad") + ".yaml");
        File.WriteAllText(path, "fields:\n  - { name: id, type: Int65 }\n");
        try
        {
            var result = session.Invoke($"New-MilvusCollection x -Path '{path}'");
            Assert.StartsWith("SchemaFileInvalid,", result.Error?.FullyQualifiedErrorId);
            Assert.Contains("Int65", result.Error!.Exception.Message);
            Assert.StartsWith("SchemaFileNotFound,", session.Invoke("New-MilvusCollection x -Path ./nope.yaml").Error?.FullyQualifiedErrorId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WhatIfCreatesAndDropsNothing()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("whatif");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -WhatIf").AssertSuccess();
        Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(name) && l.Contains("vector FloatVector(4)"));
        Assert.StartsWith("CollectionNotFound,", session.Invoke($"Get-MilvusCollection {name}").Error?.FullyQualifiedErrorId);

        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            session.Invoke($"Remove-MilvusCollection {name} -WhatIf").AssertSuccess();
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(name) && l.Contains("Drop Milvus collection"));
            Assert.Single(session.Invoke($"Get-MilvusCollection {name}").AssertSuccess().Output);

            // -Confirm answered no keeps it too.
            session.Host.Recorder.Answers.Enqueue("N");
            session.Invoke($"Remove-MilvusCollection {name} -Confirm").AssertSuccess();
            Assert.Single(session.Invoke($"Get-MilvusCollection {name}").AssertSuccess().Output);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force").AssertSuccess();
        }
        Assert.StartsWith("CollectionNotFound,", session.Invoke($"Get-MilvusCollection {name}").Error?.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task RemovingALoadedAliasedCollectionAsksTwiceAndDropsItsAliases()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("inuse");
        var alias = PsSession.UniqueName("al");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4; New-MilvusAlias {alias} -Collection {name}").AssertSuccess();
        session.Host.Recorder.Answers.Enqueue("Y");
        session.Host.Recorder.Answers.Enqueue("Y");
        session.Invoke($"Remove-MilvusCollection {name} -Confirm").AssertSuccess();
        Assert.Equal(2, session.Host.Recorder.Prompts.Count);
        Assert.Contains("loaded", session.Host.Recorder.Prompts[1].Message);
        Assert.Contains(alias, session.Host.Recorder.Prompts[1].Message);
        Assert.StartsWith("CollectionNotFound,", session.Invoke($"Get-MilvusCollection {name}").Error?.FullyQualifiedErrorId);
        Assert.StartsWith("AliasNotFound,", session.Invoke($"Get-MilvusAlias {alias}").Error?.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task PipelinesSelectByWildcardAndHonourWhatIf()
    {
        using var session = await PsSession.ConnectedAsync();
        var prefix = PsSession.UniqueName("tmp");
        session.Invoke($"'{prefix}_a', '{prefix}_b' | ForEach-Object {{ New-MilvusCollection $_ -Dimension 4 -NoLoad }}").AssertSuccess();
        var whatIf = session.Invoke($"Get-MilvusCollection {prefix}_* | Remove-MilvusCollection -WhatIf").AssertSuccess();
        Assert.Equal(2, session.Host.Recorder.WhatIf.Count);
        Assert.Equal(2, session.Invoke($"Get-MilvusCollection {prefix}_*").AssertSuccess().Output.Count);
        session.Invoke($"Get-MilvusCollection {prefix}_* | Remove-MilvusCollection -Force").AssertSuccess();
        Assert.Empty(session.Invoke($"Get-MilvusCollection {prefix}_*").AssertSuccess().Output);
    }

    [Fact]
    public async Task RenameAlterAndStatistics()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("ren");
        var renamed = name + "_2";
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad -IdType VarChar -MaxLength 32").AssertSuccess();
        try
        {
            var result = session.Invoke($"Rename-MilvusCollection {name} -NewName {renamed} -PassThru").AssertSuccess().Output.Single();
            Assert.Equal(renamed, result.Properties["Name"].Value);
            Assert.StartsWith("CollectionNotFound,", session.Invoke($"Get-MilvusCollection {name}").Error?.FullyQualifiedErrorId);

            session.Invoke($"Set-MilvusCollection {renamed} -Property @{{ 'collection.ttl.seconds' = 120 }}").AssertSuccess();
            var props = (IReadOnlyDictionary<string, string>)session.Invoke($"Get-MilvusCollection {renamed}").Output.Single().Properties["Properties"].Value;
            Assert.Equal("120", props["collection.ttl.seconds"]);

            var detailed = session.Invoke($"Get-MilvusCollection {renamed} -Detailed").AssertSuccess().Output.Single();
            Assert.Equal(0L, detailed.Properties["RowCount"].Value);
            Assert.Equal(["_default"], (IEnumerable<string>)detailed.Properties["Partitions"].Value);

            Assert.StartsWith("NothingToChange,", session.Invoke($"Set-MilvusCollection {renamed}").Error?.FullyQualifiedErrorId);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {renamed} -Force");
        }
    }

    [Theory]
    [InlineData("New-MilvusCollection 1bad -Dimension 4 -NoLoad", "ParameterInvalid", ErrorCategory.InvalidArgument)]
    [InlineData("New-MilvusCollection okname_dim -Schema (New-MilvusSchema (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField v FloatVector -Dimension 40000))", "ParameterInvalid", ErrorCategory.InvalidArgument)]
    [InlineData("Get-MilvusCollection no_such_collection_42", "CollectionNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("Dismount-MilvusCollection no_such_collection_42 -Force", "CollectionNotFound", ErrorCategory.ObjectNotFound)]
    public async Task BadRequestsGetMilvusErrorIds(string script, string errorId, ErrorCategory category)
    {
        using var session = await PsSession.ConnectedAsync();
        var result = session.Invoke(script);
        Assert.NotNull(result.Error);
        Assert.StartsWith(errorId + ",", result.Error!.FullyQualifiedErrorId);
        Assert.Equal(category, result.Error.CategoryInfo.Category);
        Assert.True((int)PSObject.AsPSObject(result.Error.Exception).Properties["MilvusCode"].Value > 0);
    }

    [Fact]
    public async Task AnExistingNameWithAnotherSchemaIsRefused()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("dup");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            var result = session.Invoke($"New-MilvusCollection {name} -Dimension 8 -NoLoad");
            Assert.NotNull(result.Error);
            Assert.Contains("create duplicate collection with different parameters", result.Error!.Exception.Message);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [SkippableFact]
    public async Task ClearAndAddFieldFollowTheServerVersion()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("trunc");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            var truncate = (bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('TruncateCollection')").Output.Single().BaseObject;
            var clear = session.Invoke($"Clear-MilvusCollection {name} -Force");
            if (truncate) clear.AssertSuccess();
            else Assert.StartsWith("ServerVersionTooOld,", clear.Error?.FullyQualifiedErrorId);

            var addField = (bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('AddCollectionField')").Output.Single().BaseObject;
            var added = session.Invoke($"Add-MilvusField {name} -Field (New-MilvusField note VarChar -MaxLength 50 -Nullable) -PassThru");
            if (addField)
            {
                var fields = ((System.Collections.IEnumerable)added.AssertSuccess().Output.Single().Properties["Fields"].Value).Cast<object>().Select(PSObject.AsPSObject);
                Assert.Contains(fields, f => (string)f.Properties["Name"].Value == "note" && (bool)f.Properties["Nullable"].Value);
            }
            else Assert.StartsWith("ServerVersionTooOld,", added.Error?.FullyQualifiedErrorId);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }
}
