using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>Add-, Set-, Get-, Measure-, Remove-MilvusEntity end to end.</summary>
public class EntityCmdletTests
{
    private static async Task<(PsSession Session, string Collection)> LoadedCollectionAsync(bool autoId = false)
    {
        var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("ent");
        session.Invoke($$"""
            $schema = New-MilvusSchema -EnableDynamicField @(
                New-MilvusField id Int64 -PrimaryKey {{(autoId ? "-AutoId" : "")}}
                New-MilvusField title VarChar -MaxLength 20
                New-MilvusField rating Double -Nullable
                New-MilvusField tags Array -ElementType VarChar -MaxCapacity 4 -MaxLength 10
                New-MilvusField v FloatVector -Dimension 3
            )
            New-MilvusCollection {{name}} -Schema $schema | Out-Null
            New-MilvusIndex {{name}} -Field v -IndexType FLAT -MetricType L2 | Out-Null
            Mount-MilvusCollection {{name}}
            """).AssertSuccess();
        return (session, name);
    }

    [Fact]
    public async Task RowsFromThePipelineAreInsertedAndReadBack()
    {
        var (session, name) = await LoadedCollectionAsync();
        using (session)
        {
            try
            {
                var summary = session.Invoke($$"""
                    @(
                        @{ id = 1; title = 'one'; rating = 4.5; tags = @('a', 'b'); v = @(0.1, 0.2, 0.3); colour = 'red' }
                        [pscustomobject]@{ id = 2; title = 'two'; rating = $null; tags = @(); v = [float[]](1, 2, 3) }
                    ) | Add-MilvusEntity {{name}}
                    """).AssertSuccess().Output.Single();
                Assert.Equal(2L, summary.Properties["Written"].Value);
                Assert.Equal(0L, summary.Properties["Rejected"].Value);

                var rows = session.Invoke($"Get-MilvusEntity {name} -Id 1, 2").AssertSuccess().Output.OrderBy(r => (long)r.Properties["id"].Value).ToList();
                Assert.Equal(2, rows.Count);
                Assert.Equal("one", rows[0].Properties["title"].Value);
                Assert.Equal(4.5, rows[0].Properties["rating"].Value);
                Assert.Equal("red", rows[0].Properties["colour"].Value);
                Assert.Equal([0.1f, 0.2f, 0.3f], (float[])rows[0].Properties["v"].Value);
                Assert.Null(rows[1].Properties["rating"].Value);

                Assert.Equal(2L, session.Invoke($"(Measure-MilvusEntity {name}).Count").AssertSuccess().Output.Single().BaseObject);
                Assert.Equal(1L, session.Invoke($"(Measure-MilvusEntity {name} -Filter 'id > 1').Count").AssertSuccess().Output.Single().BaseObject);
                var filtered = session.Invoke($"Get-MilvusEntity {name} -Filter 'title == \"two\"' -Limit 10").AssertSuccess().Output.Single();
                Assert.Equal(2L, filtered.Properties["id"].Value);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task BadRowsAreReportedAndGoodRowsStillGo()
    {
        var (session, name) = await LoadedCollectionAsync();
        using (session)
        {
            try
            {
                var result = session.Invoke($$"""
                    @(
                        @{ id = 1; title = 'ok'; tags = @(); v = @(1, 2, 3) }
                        @{ id = 2; title = 'bad dim'; tags = @(); v = @(1, 2) }
                        @{ id = 3; title = 'much too long for twenty'; tags = @(); v = @(1, 2, 3) }
                        @{ id = 4; tags = @(); v = @(1, 2, 3) }
                        @{ id = 5; title = 'ok too'; tags = @(); v = @(1, 2, 3) }
                    ) | Add-MilvusEntity {{name}}
                    """);
                Assert.Equal(3, result.Errors.Count);
                Assert.All(result.Errors, e => Assert.StartsWith("EntityInvalid,", e.FullyQualifiedErrorId));
                Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
                Assert.Contains("Row 1, field 'v'", result.Errors[0].Exception.Message);
                Assert.Contains("Row 2, field 'title'", result.Errors[1].Exception.Message);
                Assert.Contains("Row 3, field 'title'", result.Errors[2].Exception.Message);
                var summary = result.Output.Single();
                Assert.Equal(2L, summary.Properties["Written"].Value);
                Assert.Equal(3L, summary.Properties["Rejected"].Value);

                var atomic = session.Invoke($$"""@(@{ id = 10; title = 'x'; tags = @(); v = @(1, 2, 3) }, @{ id = 11; v = @(1) }) | Add-MilvusEntity {{name}} -Atomic""");
                Assert.StartsWith("EntityBatchInvalid,", atomic.Error?.FullyQualifiedErrorId);
                Assert.Equal(2L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task UpsertReplacesAndDeleteRemoves()
    {
        var (session, name) = await LoadedCollectionAsync();
        using (session)
        {
            try
            {
                session.Invoke($$"""1..5 | ForEach-Object { @{ id = $_; title = "t$_"; tags = @(); v = @($_, 0, 0) } } | Add-MilvusEntity {{name}} | Out-Null""").AssertSuccess();
                session.Invoke($$"""@{ id = 3; title = 'replaced'; tags = @('x'); v = @(9, 9, 9) } | Set-MilvusEntity {{name}} | Out-Null""").AssertSuccess();
                Assert.Equal("replaced", session.Invoke($"(Get-MilvusEntity {name} -Id 3).title").Output.Single().BaseObject);
                Assert.Equal(5L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);

                session.Invoke($"Get-MilvusEntity {name} -Id 1, 2 | Remove-MilvusEntity {name} -WhatIf").AssertSuccess();
                Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains("Delete 2 entities"));
                Assert.Equal(5L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);

                var deleted = session.Invoke($"Get-MilvusEntity {name} -Id 1, 2 | Remove-MilvusEntity {name} -Confirm:$false").AssertSuccess().Output.Single();
                Assert.Equal(2L, deleted.Properties["DeleteCount"].Value);
                Assert.Equal(3L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);

                session.Host.Recorder.Answers.Enqueue("Y");
                session.Host.Recorder.Answers.Enqueue("N");
                session.Invoke($"Remove-MilvusEntity {name} -Filter 'id >= 4' -Confirm").AssertSuccess();
                Assert.Contains("(2 now)", session.Host.Recorder.Prompts[^1].Message);
                Assert.Equal(3L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);
                session.Invoke($"Remove-MilvusEntity {name} -Filter 'id >= 4' -Force").AssertSuccess();
                Assert.Equal(1L, session.Invoke($"(Measure-MilvusEntity {name}).Count").Output.Single().BaseObject);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [SkippableFact]
    public async Task PartialUpsertSplitsBatchesByTheFieldsEachRowGives()
    {
        var (session, name) = await LoadedCollectionAsync();
        using (session)
        {
            try
            {
                Skip.IfNot((bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('PartialUpdate')").Output.Single().BaseObject, "The server has no partial update.");
                session.Invoke($$"""1..4 | ForEach-Object { @{ id = $_; title = "t$_"; rating = 1.0; tags = @('a'); v = @($_, 0, 0) } } | Add-MilvusEntity {{name}} | Out-Null""").AssertSuccess();
                var summary = session.Invoke($$"""
                    @{ id = 1; title = 'one' }, @{ id = 2; title = 'two' }, @{ id = 3; rating = 5.0 }, @{ id = 4; title = 'four' } | Set-MilvusEntity {{name}} -Partial
                    """).AssertSuccess().Output.Single();
                // Three runs of equal field sets: title, rating, title.
                Assert.Equal(3, summary.Properties["Batches"].Value);
                Assert.Equal(4L, summary.Properties["Written"].Value);
                Assert.Equal(0L, summary.Properties["Rejected"].Value);
                var rows = session.Invoke($"Get-MilvusEntity {name} -Id 1, 2, 3, 4 -ConsistencyLevel Strong").AssertSuccess().Output
                    .ToDictionary(r => (long)r.Properties["id"].Value);
                Assert.Equal("one", rows[1].Properties["title"].Value);
                Assert.Equal(1.0, rows[1].Properties["rating"].Value);
                Assert.Equal("t3", rows[3].Properties["title"].Value);
                Assert.Equal(5.0, rows[3].Properties["rating"].Value);
                Assert.Equal("four", rows[4].Properties["title"].Value);
                Assert.Equal(4L, session.Invoke($"(Measure-MilvusEntity {name} -ConsistencyLevel Strong).Count").Output.Single().BaseObject);
                Assert.Equal(1L, session.Invoke($"(Measure-MilvusEntity {name} 'rating > 2' -ConsistencyLevel Strong).Count").Output.Single().BaseObject);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task TheIteratorReadsPastTheResultWindowAndAutoIdsComeBack()
    {
        var (session, name) = await LoadedCollectionAsync(autoId: true);
        using (session)
        {
            try
            {
                var summary = session.Invoke($$"""
                    1..20000 | ForEach-Object { @{ title = 'r'; tags = @(); v = @(1, 2, 3) } } | Add-MilvusEntity {{name}} -BatchSize 5000
                    """).AssertSuccess().Output.Single();
                Assert.Equal(20000L, summary.Properties["Written"].Value);
                Assert.Equal(4, summary.Properties["Batches"].Value);
                var ids = ((System.Collections.IEnumerable)summary.Properties["Ids"].Value).Cast<object>().Select(o => (long)o).ToList();
                Assert.Equal(20000, ids.Distinct().Count());

                var read = session.Invoke($"(Get-MilvusEntity {name} -OutputField id -BatchSize 4000 | ForEach-Object id)").AssertSuccess().Output.Select(o => (long)o.BaseObject).ToList();
                Assert.Equal(20000, read.Count);
                Assert.Equal(ids.Order(), read.Order());
                Assert.Contains(session.Host.Recorder.Progress, p => p.Activity.StartsWith("Reading", StringComparison.Ordinal));

                // Past the 16384-row window a -Limit/-Offset read pages through the iterator too.
                var window = session.Invoke($"Get-MilvusEntity {name} -Limit 10 -Offset 16380 -OutputField id | ForEach-Object id").AssertSuccess().Output.Select(o => (long)o.BaseObject);
                Assert.Equal(ids.Order().Skip(16380).Take(10), window);
                var deep = session.Invoke($"Get-MilvusEntity {name} -Limit 17000 -Offset 100 -OutputField id -BatchSize 5000 | ForEach-Object id").AssertSuccess().Output.Select(o => (long)o.BaseObject);
                Assert.Equal(ids.Order().Skip(100).Take(17000), deep);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }
}

public class EntityRoundTripTests
{
    [Fact]
    public async Task DynamicJsonSurvivesAGetSetRoundTrip()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("rt");
        try
        {
            var result = session.Invoke($$"""
                New-MilvusCollection {{name}} -Dimension 2 | Out-Null
                @{ id = 1; vector = @(1, 2); meta = @{ pages = 300; tags = @('a', 'b') } } | Add-MilvusEntity {{name}} | Out-Null
                Get-MilvusEntity {{name}} -Id 1 | Set-MilvusEntity {{name}} | Out-Null
                (Measure-MilvusEntity {{name}} -Filter 'meta["pages"] > 200').Count
                (Get-MilvusEntity {{name}} -Id 1).meta.tags -join ','
                """).AssertSuccess();
            Assert.Equal(1L, result.Output[0].BaseObject);
            Assert.Equal("a,b", result.Output[1].BaseObject);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }
}

public class BulkPipelineTests
{
    [Fact]
    public async Task AHundredThousandRowsGoThroughThePipeline()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("bulk");
        try
        {
            var summary = session.Invoke($$"""
                New-MilvusCollection {{name}} -Dimension 2 -AutoId | Out-Null
                1..100000 | ForEach-Object { @{ vector = @(($_ % 7), ($_ % 11)); n = $_ } } | Add-MilvusEntity {{name}} -BatchSize 10000
                """).AssertSuccess().Output.Single();
            Assert.Equal(100000L, summary.Properties["Written"].Value);
            Assert.Equal(10, summary.Properties["Batches"].Value);
            Assert.Equal(100000L, session.Invoke($"(Measure-MilvusEntity {name}).Count").AssertSuccess().Output.Single().BaseObject);
            Assert.Equal(10, session.Host.Recorder.Progress.Count(p => p.Activity.StartsWith("Insert into", StringComparison.Ordinal)));
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }
}

public class FilterParameterTests
{
    [Fact]
    public async Task TemplateValuesBindIntoFilters()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("tpl");
        try
        {
            var result = session.Invoke($$"""
                New-MilvusCollection {{name}} -Dimension 2 | Out-Null
                1..10 | ForEach-Object { @{ id = $_; vector = @($_, 1); tag = "t$($_ % 3)" } } | Add-MilvusEntity {{name}} | Out-Null
                (Measure-MilvusEntity {{name}} -Filter 'id in {ids}' -FilterParameter @{ ids = 2, 4, 6 }).Count
                (Get-MilvusEntity {{name}} -Filter 'tag == {t} and id > {min}' -FilterParameter @{ t = 't1'; min = 3 } -Limit 10).id -join ','
                (Invoke-MilvusSearch {{name}} -Vector 1, 1 -Filter 'id in {ids}' -FilterParameter @{ ids = @(9, 10) } -Limit 5).Id -join ','
                Remove-MilvusEntity {{name}} -Filter 'id < {n}' -FilterParameter @{ n = 3 } -Force | Out-Null
                (Measure-MilvusEntity {{name}}).Count
                """).AssertSuccess();
            Assert.Equal(3L, result.Output[0].BaseObject);
            Assert.Equal("4,7,10", result.Output[1].BaseObject);
            Assert.Equal("9,10", result.Output[2].BaseObject);
            Assert.Equal(8L, result.Output[3].BaseObject);
            var bad = session.Invoke($"Measure-MilvusEntity {name} -Filter 'id in {{ids}}' -FilterParameter @{{ ids = $null }}");
            Assert.StartsWith("FilterParameterInvalid,", bad.Error?.FullyQualifiedErrorId);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }
}
