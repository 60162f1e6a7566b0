using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.Loader;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>Export-MilvusEntity and Import-MilvusEntity against the endpoint, with real files.</summary>
public sealed class EntityFileCmdletTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("milvusps-io-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Schema = """
        $schema = New-MilvusSchema -EnableDynamicField @(
            New-MilvusField id Int64 -PrimaryKey
            New-MilvusField title VarChar -MaxLength 200
            New-MilvusField rating Double -Nullable
            New-MilvusField small Int8
            New-MilvusField flag Bool
            New-MilvusField tags Array -ElementType VarChar -MaxCapacity 4 -MaxLength 20
            New-MilvusField nums Array -ElementType Int32 -MaxCapacity 4
            New-MilvusField doc JSON
            New-MilvusField v FloatVector -Dimension 4
            New-MilvusField half Float16Vector -Dimension 4
            New-MilvusField bits BinaryVector -Dimension 16
            New-MilvusField sparse SparseFloatVector
        )
        """;

    private static void NewCollection(PsSession session, string name) => session.Invoke($$"""
        {{Schema}}
        New-MilvusCollection {{name}} -Schema $schema | Out-Null
        New-MilvusIndex {{name}} -Field v -IndexType FLAT -MetricType L2 | Out-Null
        New-MilvusIndex {{name}} -Field half -IndexType FLAT -MetricType L2 | Out-Null
        New-MilvusIndex {{name}} -Field bits -IndexType BIN_FLAT -MetricType HAMMING | Out-Null
        New-MilvusIndex {{name}} -Field sparse -IndexType SPARSE_INVERTED_INDEX -MetricType IP | Out-Null
        Mount-MilvusCollection {{name}}
        """).AssertSuccess();

    private static void Fill(PsSession session, string name, int count) => session.Invoke($$"""
        1..{{count}} | ForEach-Object {
            $row = @{
                id = $_; title = "t$_, `"quoted`"`nand ünïcode ✓"; rating = if ($_ % 3) { $_ / 4 } else { $null }
                small = -$_; flag = ($_ % 2 -eq 0); tags = @('a', "b$_"); nums = @($_, -1)
                doc = if ($_ % 2) { @{ k = $_; inner = @{ list = 1, 2 } } } elseif ($_ % 4) { @(1, 'two') } else { '"json text"' }
                v = @((0.1 * $_), 2, 3, 4); half = @(0.5, 1, -2, 0.25); bits = [byte[]]($_, 255); sparse = @{ $_ = 0.5; 100 = 1.5 }
            }
            if ($_ % 2) { $row.colour = 'red' }
            if ($_ % 5 -eq 0) { $row.extra = @{ deep = @(1, 2) } }
            $row
        } | Add-MilvusEntity {{name}} -BatchSize 7 | Out-Null
        """).AssertSuccess();

    private static List<PSObject> Rows(PsSession session, string name) =>
        session.Invoke($"Get-MilvusEntity {name} -ConsistencyLevel Strong").AssertSuccess().Output.OrderBy(r => (long)r.Properties["id"].Value).ToList();

    /// <summary>A property value as text, whatever its .NET shape (arrays, dictionaries, JSON objects as PSCustomObjects).</summary>
    private static string Canon(object? value) => value switch
    {
        null => "null",
        PSObject { BaseObject: PSCustomObject } o => "{" + string.Join(",", o.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{Canon(p.Value)}")) + "}",
        PSObject p => Canon(p.BaseObject),
        string s => "\"" + s + "\"",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IDictionary d => "{" + string.Join(",", d.Keys.Cast<object>().OrderBy(k => Convert.ToString(k, CultureInfo.InvariantCulture), StringComparer.Ordinal).Select(k => $"{k}:{Canon(d[k])}")) + "}",
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Canon)) + "]",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void AssertSameRows(List<PSObject> expected, List<PSObject> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var names = expected[i].Properties.Select(p => p.Name).Union(actual[i].Properties.Select(p => p.Name)).Order(StringComparer.Ordinal);
            foreach (var n in names)
            {
                var want = Canon(expected[i].Properties[n]?.Value);
                var got = Canon(actual[i].Properties[n]?.Value);
                Assert.True(want == got, $"{what}: row {i} field '{n}': expected {want}, got {got}");
            }
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("json")]
    [InlineData("parquet")]
    public async Task ExportThenImportGivesTheSameEntities(string extension)
    {
        using var session = await PsSession.ConnectedAsync();
        var source = PsSession.UniqueName("exp");
        var target = PsSession.UniqueName("imp");
        var path = Path.Combine(_folder, "all." + extension);
        try
        {
            NewCollection(session, source);
            NewCollection(session, target);
            Fill(session, source, 23);

            var summary = session.Invoke($"Export-MilvusEntity {source} '{path}' -BatchSize 5").AssertSuccess().Output.Single();
            Assert.Equal(23L, summary.Properties["Rows"].Value);
            Assert.Equal(path, summary.Properties["Path"].Value);
            Assert.Equal(new FileInfo(path).Length, summary.Properties["Bytes"].Value);
            Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
            Assert.Contains(session.Host.Recorder.Progress, p => p.Activity.StartsWith($"Export {source}", StringComparison.Ordinal));

            var imported = session.Invoke($"Import-MilvusEntity {target} '{path}' -BatchSize 10").AssertSuccess().Output.Single();
            Assert.Equal(23L, imported.Properties["Written"].Value);
            Assert.Equal(3, imported.Properties["Batches"].Value);
            Assert.Equal([path], ((IEnumerable)imported.Properties["Files"].Value).Cast<object>().Select(o => o.ToString()));
            Assert.Contains(session.Host.Recorder.Progress, p => p.Activity.StartsWith("Insert all.", StringComparison.Ordinal) && p.PercentComplete > 0);

            AssertSameRows(Rows(session, source), Rows(session, target), extension);

            if (extension == "parquet")
            {
                // Parquet.Net is a dependency like Grpc: it loads in the module's private context.
                var milvusContext = AssemblyLoadContext.All.Single(c => c.Name == "MilvusPS");
                Assert.Contains(milvusContext.Assemblies, a => a.GetName().Name == "Parquet");
                Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Parquet");
            }
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {source} -Force; Remove-MilvusCollection {target} -Force");
        }
    }

    [Fact]
    public async Task ExportKeepsAnExistingFileWhenAsked()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("clob");
        var path = Path.Combine(_folder, "kept.jsonl");
        try
        {
            NewCollection(session, name);
            Fill(session, name, 3);
            File.WriteAllText(path, "precious");

            var refused = session.Invoke($"Export-MilvusEntity {name} '{path}' -NoClobber");
            Assert.StartsWith("EntityFileExists,", refused.Error?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, refused.Error!.CategoryInfo.Category);
            Assert.Equal(path, refused.Error.TargetObject);
            Assert.Equal("precious", File.ReadAllText(path));

            File.SetAttributes(path, FileAttributes.ReadOnly);
            var readOnly = session.Invoke($"Export-MilvusEntity {name} '{path}'");
            Assert.StartsWith("EntityFileReadOnly,", readOnly.Error?.FullyQualifiedErrorId);
            Assert.Equal("precious", File.ReadAllText(path));

            var file = session.Invoke($"Export-MilvusEntity {name} -LiteralPath '{path}' -Force -PassThru").AssertSuccess().Output.Single();
            Assert.IsType<FileInfo>(file.BaseObject);
            Assert.Equal(3, File.ReadAllLines(path).Length);

            var unknown = session.Invoke($"Export-MilvusEntity {name} '{Path.Combine(_folder, "x.txt")}'");
            Assert.StartsWith("EntityFileFormatUnknown,", unknown.Error?.FullyQualifiedErrorId);
            session.Invoke($"Export-MilvusEntity {name} '{Path.Combine(_folder, "x.txt")}' -Format Csv | Out-Null").AssertSuccess();
            Assert.StartsWith("id,title,", File.ReadAllText(Path.Combine(_folder, "x.txt")));
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task WhatIfWritesNothingAndSendsNothing()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("wi");
        var path = Path.Combine(_folder, "whatif.parquet");
        try
        {
            NewCollection(session, name);
            Fill(session, name, 4);
            session.Invoke($"Export-MilvusEntity {name} '{path}' -WhatIf").AssertSuccess();
            Assert.False(File.Exists(path));
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(path) && l.Contains("Export the entities"));

            session.Invoke($"Export-MilvusEntity {name} '{path}' | Out-Null").AssertSuccess();
            session.Invoke($"Remove-MilvusEntity {name} -Filter 'id > 0' -Force | Out-Null").AssertSuccess();
            var result = session.Invoke($"Import-MilvusEntity {name} '{path}' -WhatIf").AssertSuccess();
            Assert.Empty(result.Output);
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains("Insert 4 entities"));
            Assert.Equal(0L, session.Invoke($"(Measure-MilvusEntity {name}).Count").AssertSuccess().Output.Single().BaseObject);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    private async Task<(PsSession Session, string Name)> SmallCollectionAsync()
    {
        var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("imp");
        session.Invoke($"New-MilvusCollection {name} -Dimension 2 | Out-Null").AssertSuccess();
        return (session, name);
    }

    [Fact]
    public async Task ABadRowIsReportedWithItsLineAndTheGoodRowsLand()
    {
        var (session, name) = await SmallCollectionAsync();
        using (session)
        {
            try
            {
                var path = Path.Combine(_folder, "mixed.jsonl");
                File.WriteAllLines(path, ["""{"id": 1, "vector": [1, 2]}""", """{"id": 2, "vector": [1]}""", """{"id": 3, "vector": [1, 2], "note": "dynamic"}""", "not json"]);
                var result = session.Invoke($"Import-MilvusEntity {name} '{path}'");
                Assert.Equal(2, result.Errors.Count);
                Assert.All(result.Errors, e => Assert.StartsWith("EntityInvalid,", e.FullyQualifiedErrorId));
                Assert.Contains("mixed.jsonl line 2, field 'vector'", result.Errors[0].Exception.Message);
                Assert.Contains("mixed.jsonl line 4: the line is not valid JSON", result.Errors[1].Exception.Message);
                var summary = result.Output.Single();
                Assert.Equal(2L, summary.Properties["Written"].Value);
                Assert.Equal(2L, summary.Properties["Rejected"].Value);
                Assert.Equal("dynamic", session.Invoke($"(Get-MilvusEntity {name} -Id 3).note").AssertSuccess().Output.Single().BaseObject);

                var atomic = session.Invoke($"Import-MilvusEntity {name} '{path}' -Upsert -Atomic");
                Assert.StartsWith("EntityBatchInvalid,", atomic.Error?.FullyQualifiedErrorId);
                Assert.Contains("2 of 4 rows are not valid", atomic.Error!.Exception.Message);

                var broken = Path.Combine(_folder, "broken.json");
                File.WriteAllText(broken, "[\n{\"id\": 7, \"vector\": [1, 2]},\n{\"id\": 8,,}\n]");
                var invalid = session.Invoke($"Import-MilvusEntity {name} '{broken}' -Atomic");
                Assert.StartsWith("EntityFileInvalid,", invalid.Error?.FullyQualifiedErrorId);
                Assert.Contains("broken.json line 3", invalid.Error!.Exception.Message);
                Assert.Equal(broken, invalid.Error.TargetObject);
                Assert.Equal(2L, session.Invoke($"(Measure-MilvusEntity {name}).Count").AssertSuccess().Output.Single().BaseObject);

                var missing = session.Invoke($"Import-MilvusEntity {name} '{Path.Combine(_folder, "nope.csv")}'");
                Assert.StartsWith("EntityFileNotFound,", missing.Error?.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.ObjectNotFound, missing.Error!.CategoryInfo.Category);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task FilesFromThePipelineBindByProperty()
    {
        var (session, name) = await SmallCollectionAsync();
        using (session)
        {
            try
            {
                File.WriteAllLines(Path.Combine(_folder, "a.jsonl"), ["""{"id": 1, "vector": [1, 2]}""", """{"id": 2, "vector": [3, 4]}"""]);
                File.WriteAllLines(Path.Combine(_folder, "b.jsonl"), ["""{"id": 3, "vector": [5, 6]}"""]);
                File.WriteAllText(Path.Combine(_folder, "c.csv"), "id,vector\n4,\"[7,8]\"\n");
                File.WriteAllText(Path.Combine(_folder, "d.ndjson"), "{\"id\": 5, \"vector\": [9, 9]}\n");
                // FileInfo objects bind by FullName (this host has no Get-ChildItem; the Pester suite pipes the real one).
                var summary = session.Invoke($"[IO.DirectoryInfo]::new('{_folder}').GetFiles('*.jsonl') | Import-MilvusEntity {name}").AssertSuccess().Output.Single();
                Assert.Equal(3L, summary.Properties["Written"].Value);
                Assert.Equal(2, ((IEnumerable)summary.Properties["Files"].Value).Cast<object>().Count());

                // Provider items bind by PSPath, a provider-qualified path.
                var byPsPath = session.Invoke($"[pscustomobject]@{{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::{Path.Combine(_folder, "d.ndjson")}' }} | Import-MilvusEntity {name}").AssertSuccess().Output.Single();
                Assert.Equal(1L, byPsPath.Properties["Written"].Value);

                var wildcard = session.Invoke($"Import-MilvusEntity {name} '{Path.Combine(_folder, "*.csv")}' -PassThru").AssertSuccess().Output.Single();
                Assert.Equal(4L, wildcard.Properties["Id"].Value);
                Assert.Equal("c.csv line 2", wildcard.Properties["Location"].Value);
                Assert.Equal(5L, session.Invoke($"(Measure-MilvusEntity {name}).Count").AssertSuccess().Output.Single().BaseObject);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }
}
