using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>New-, Get-, Set-, Remove-, Wait-MilvusIndex end to end, and the pre-flight checks that run before any call.</summary>
public class IndexCmdletTests
{
    private static async Task<(PsSession Session, string Collection)> CollectionAsync()
    {
        var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("idx");
        session.Invoke($$"""
            $schema = New-MilvusSchema @(
                New-MilvusField id Int64 -PrimaryKey -AutoId
                New-MilvusField title VarChar -MaxLength 200
                New-MilvusField price Double
                New-MilvusField year Int64
                New-MilvusField dense FloatVector -Dimension 32
                New-MilvusField bits BinaryVector -Dimension 64
            )
            New-MilvusCollection {{name}} -Schema $schema | Out-Null
            """).AssertSuccess();
        return (session, name);
    }

    [Fact]
    public async Task AnHnswIndexIsBuiltDescribedAndWaitedFor()
    {
        var (session, name) = await CollectionAsync();
        using (session)
        {
            try
            {
                var index = session.Invoke($"New-MilvusIndex {name} -Field dense -IndexType HNSW -MetricType COSINE -Parameter @{{ M = 16; efConstruction = 200 }} -Wait").AssertSuccess().Output.Single();
                Assert.Equal("HNSW", index.Properties["IndexType"].Value);
                Assert.Equal("COSINE", index.Properties["MetricType"].Value);
                Assert.Equal("dense", index.Properties["IndexName"].Value);
                Assert.Equal("Finished", index.Properties["State"].Value);
                Assert.Contains(session.Host.Recorder.Progress, p => p.Activity.Contains("dense") && p.RecordType == ProgressRecordType.Completed);

                var described = session.Invoke($"Get-MilvusIndex {name} -Field dense").AssertSuccess().Output.Single();
                var parameters = (IReadOnlyDictionary<string, string>)described.Properties["Parameters"].Value;
                Assert.Contains("16", parameters.Values.Concat(parameters.Keys).Aggregate(string.Empty, (a, b) => a + b));
                Assert.True((bool)described.Properties["IsComplete"].Value);

                var waited = session.Invoke($"Wait-MilvusIndex {name} dense").AssertSuccess().Output.Single();
                Assert.Equal(100, waited.Properties["PercentIndexed"].Value);

                // Scalar indexes on scalar fields.
                session.Invoke($"New-MilvusIndex {name} -Field title -IndexType INVERTED; New-MilvusIndex {name} -Field year -IndexType STL_SORT -Name year_sorted").AssertSuccess();
                var names = session.Invoke($"Get-MilvusIndex {name}").AssertSuccess().Output.Select(o => (string)o.Properties["IndexName"].Value).Order(StringComparer.Ordinal);
                Assert.Equal(["dense", "title", "year_sorted"], names);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Theory]
    [InlineData("-Field bits -IndexType HNSW -MetricType L2", "IndexTypeNotSupportedForField", "BIN_")]
    [InlineData("-Field dense -IndexType HNSW -MetricType JACCARD", "IndexMetricNotAllowed", "COSINE")]
    [InlineData("-Field dense -IndexType HNSW -MetricType L2 -Parameter @{ M = 5000 }", "IndexParamOutOfRange", "2048")]
    [InlineData("-Field dense -IndexType HNSW -MetricType L2 -Parameter @{ efConstrucion = 100 }", "IndexParamUnknown", "efConstruction")]
    [InlineData("-Field dense -IndexType HNSWX", "IndexTypeUnknown", "HNSW")]
    [InlineData("-Field price -IndexType BITMAP", "IndexTypeNotSupportedForField", "price")]
    [InlineData("-Field title -IndexType HNSW -MetricType L2", "IndexTypeNotSupportedForField", "title")]
    public async Task PreFlightChecksStopBadIndexesBeforeTheServer(string arguments, string errorId, string mentions)
    {
        var (session, name) = await CollectionAsync();
        using (session)
        {
            try
            {
                var result = session.Invoke($"New-MilvusIndex {name} {arguments}");
                Assert.StartsWith(errorId + ",", result.Error?.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidArgument, result.Error!.CategoryInfo.Category);
                Assert.Contains(mentions, result.Error.Exception.Message);
                // Nothing reached the server: the collection still has no index on that field.
                Assert.Empty(session.Invoke($"Get-MilvusIndex {name}").AssertSuccess().Output);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task DroppingAnIndexOfALoadedCollectionNeedsForce()
    {
        var (session, name) = await CollectionAsync();
        using (session)
        {
            try
            {
                session.Invoke($"""
                    New-MilvusIndex {name} -Field dense -IndexType AUTOINDEX -MetricType L2 | Out-Null
                    New-MilvusIndex {name} -Field bits -IndexType BIN_FLAT -MetricType HAMMING | Out-Null
                    New-MilvusIndex {name} -Field title -IndexType INVERTED | Out-Null
                    Mount-MilvusCollection {name}
                    """).AssertSuccess();

                var refused = session.Invoke($"Remove-MilvusIndex {name} -Name title -Confirm:$false");
                Assert.StartsWith("CollectionLoaded,", refused.Error?.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidOperation, refused.Error!.CategoryInfo.Category);

                session.Invoke($"Remove-MilvusIndex {name} -Name title -WhatIf").AssertSuccess();
                Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(".title") && l.Contains("add -Force to release it first"));
                Assert.Equal(3, session.Invoke($"Get-MilvusIndex {name}").Output.Count);

                session.Invoke($"Get-MilvusIndex {name} -Field title | Remove-MilvusIndex -Force -Remount").AssertSuccess();
                Assert.Contains("Releasing the loaded collection", session.Host.Recorder.Text);
                Assert.Equal(2, session.Invoke($"Get-MilvusIndex {name}").Output.Count);
                Assert.Equal("Loaded", session.Invoke($"(Get-MilvusLoadState {name}).State").Output.Single().ToString());

                var missing = session.Invoke($"Remove-MilvusIndex {name} -Name nope -Force");
                Assert.StartsWith("IndexNotFound,", missing.Error?.FullyQualifiedErrorId);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }

    [Fact]
    public async Task IndexPropertiesCanBeAltered()
    {
        var (session, name) = await CollectionAsync();
        using (session)
        {
            try
            {
                session.Invoke($"New-MilvusIndex {name} -Field dense -IndexType HNSW -MetricType IP -Parameter @{{ M = 8; efConstruction = 64 }}").AssertSuccess();
                var altered = session.Invoke($"Set-MilvusIndex {name} -Name dense -Property @{{ 'mmap.enabled' = $true }} -PassThru").AssertSuccess().Output.Single();
                Assert.Equal("true", ((IReadOnlyDictionary<string, string>)altered.Properties["Parameters"].Value)["mmap.enabled"]);
                Assert.StartsWith("NothingToChange,", session.Invoke($"Set-MilvusIndex {name} -Name dense").Error?.FullyQualifiedErrorId);
            }
            finally
            {
                session.Invoke($"Remove-MilvusCollection {name} -Force");
            }
        }
    }
}

/// <summary>Index builds that take time (the emulator's realistic mode, rows in sealed segments): progress and waiting.</summary>
public class IndexBuildProgressTests
{
    [SkippableFact]
    public async Task WaitingShowsProgressFromRowCountsAndTimesOut()
    {
        Skip.IfNot(MilvusPS.TestSupport.Endpoints.IsEmulator, "Needs an emulator whose index builds take time (realistic mode).");
        await using var emulator = await MilvusPS.TestSupport.Endpoints.StartEmulatorAsync(o =>
        {
            o.LoadMode = MilvusPS.Emulator.Catalog.LoadMode.Realistic;
            o.RealisticLoadTime = TimeSpan.FromMilliseconds(50);
            o.SegmentRowLimit = 1_000_000; // one segment, so the build is one long task
        });
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}; New-MilvusCollection big -Dimension 2 -NoLoad -VectorField v").AssertSuccess();
        using (var channel = await MilvusPS.TestSupport.WireCalls.OpenAsync(emulator.Uri))
            await MilvusPS.TestSupport.WireCalls.InsertAndFlushAsync(channel, "big", 150_000, 2);

        // About 1.7 s of build time: a one-second wait ends with WaitTimeout while rows are still pending.
        session.Invoke("New-MilvusIndex big -Field v -IndexType FLAT -MetricType L2").AssertSuccess();
        var timedOut = session.Invoke("Wait-MilvusIndex big v -TimeoutSec 1");
        Assert.StartsWith("WaitTimeout,", timedOut.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, timedOut.Error!.CategoryInfo.Category);

        var done = session.Invoke("Wait-MilvusIndex big v -TimeoutSec 60").AssertSuccess().Output.Single();
        Assert.Equal(150_000L, done.Properties["IndexedRows"].Value);
        Assert.Equal(150_000L, done.Properties["TotalRows"].Value);
        Assert.True((bool)done.Properties["IsComplete"].Value);
        var percents = session.Host.Recorder.Progress.Where(p => p.RecordType == ProgressRecordType.Processing).Select(p => p.PercentComplete).ToList();
        Assert.Contains(percents, p => p < 100);
        Assert.Equal(ProgressRecordType.Completed, session.Host.Recorder.Progress[^1].RecordType);
    }
}
