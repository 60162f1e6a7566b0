using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;
using MilvusPS.TestSupport;

namespace MilvusPS.Module.Tests;

/// <summary>Partitions, aliases, load/release, flush and compaction through the cmdlets.</summary>
public class PartitionAliasLoadTests
{
    [Fact]
    public async Task PartitionsCanBeCreatedLoadedAndDropped()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("parts");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4").AssertSuccess(); // quick setup: indexed and loaded
        try
        {
            var created = session.Invoke($"New-MilvusPartition {name} -Name p2024, p2025").AssertSuccess().Output;
            Assert.Equal(["p2024", "p2025"], created.Select(p => (string)p.Properties["Name"].Value));
            var all = session.Invoke($"Get-MilvusPartition {name} -Detailed").AssertSuccess().Output;
            Assert.Equal(["_default", "p2024", "p2025"], all.Select(p => (string)p.Properties["Name"].Value).Order(StringComparer.Ordinal));
            Assert.All(all, p => Assert.Equal(0L, p.Properties["RowCount"].Value));

            // The whole collection was loaded, so new partitions follow; release one and reload it.
            session.Invoke($"Dismount-MilvusPartition {name} -Name p2024 -Force").AssertSuccess();
            Assert.Equal("NotLoad", session.Invoke($"(Get-MilvusLoadState {name} -Partition p2024).State").Output.Single().ToString());
            session.Invoke($"Mount-MilvusPartition {name} -Name p2024 -Wait").AssertSuccess();
            Assert.Equal("Loaded", session.Invoke($"(Get-MilvusLoadState {name} -Partition p2024).State").Output.Single().ToString());

            // A loaded partition: our error unless -Force, which releases it first and says so.
            var refused = session.Invoke($"Remove-MilvusPartition {name} -Name p2024 -Confirm:$false");
            Assert.StartsWith("PartitionLoaded,", refused.Error?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, refused.Error!.CategoryInfo.Category);
            session.Invoke($"Remove-MilvusPartition {name} -Name p2024 -Force").AssertSuccess();
            Assert.Contains("Releasing the loaded partition", session.Host.Recorder.Text);

            // Pipeline by property name: partitions carry their collection.
            session.Invoke($"Get-MilvusPartition {name} p2025 | Dismount-MilvusPartition -Force").AssertSuccess();
            session.Invoke($"Get-MilvusPartition {name} p2025 | Remove-MilvusPartition -Force").AssertSuccess();
            Assert.Equal(["_default"], session.Invoke($"Get-MilvusPartition {name}").AssertSuccess().Output.Select(p => (string)p.Properties["Name"].Value));

            var missing = session.Invoke($"Get-MilvusPartition {name} nope");
            Assert.StartsWith("PartitionNotFound,", missing.Error?.FullyQualifiedErrorId);
            var dropDefault = session.Invoke($"Dismount-MilvusCollection {name} -Force; Remove-MilvusPartition {name} -Name _default -Force");
            Assert.NotNull(dropDefault.Error);
            Assert.Contains("default partition cannot be deleted", dropDefault.Error!.Exception.Message);
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [Fact]
    public async Task AliasesCutOverBetweenCollections()
    {
        using var session = await PsSession.ConnectedAsync();
        var blue = PsSession.UniqueName("blue");
        var green = PsSession.UniqueName("green");
        var alias = PsSession.UniqueName("live");
        session.Invoke($"New-MilvusCollection {blue} -Dimension 4 -NoLoad; New-MilvusCollection {green} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            var created = session.Invoke($"New-MilvusAlias {alias} -Collection {blue}").AssertSuccess().Output.Single();
            Assert.Equal(blue, created.Properties["Collection"].Value);
            Assert.Equal(blue, session.Invoke($"(Get-MilvusCollection {alias}).Name").AssertSuccess().Output.Single().BaseObject);

            session.Invoke($"Set-MilvusAlias {alias} -Collection {green} -WhatIf").AssertSuccess();
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains($"from '{blue}' to '{green}'"));
            Assert.Equal(blue, session.Invoke($"(Get-MilvusAlias {alias}).Collection").Output.Single().BaseObject);

            session.Invoke($"Set-MilvusAlias {alias} -Collection {green}").AssertSuccess();
            Assert.Equal(green, session.Invoke($"(Get-MilvusAlias {alias}).Collection").Output.Single().BaseObject);
            Assert.Equal([alias], (IEnumerable<string>)session.Invoke($"(Get-MilvusCollection {green}).Aliases").Output.Select(o => (string)o.BaseObject).ToList());
            Assert.Contains(session.Invoke($"Get-MilvusAlias -Collection {green}").AssertSuccess().Output, a => (string)a.Properties["Alias"].Value == alias);

            var clash = session.Invoke($"New-MilvusAlias {alias} -Collection {blue}");
            Assert.NotNull(clash.Error);
            Assert.Equal(ErrorCategory.ResourceExists, clash.Error!.CategoryInfo.Category);

            session.Invoke($"Get-MilvusAlias {alias} | Remove-MilvusAlias -Force").AssertSuccess();
            Assert.StartsWith("AliasNotFound,", session.Invoke($"Get-MilvusAlias {alias}").Error?.FullyQualifiedErrorId);
        }
        finally
        {
            session.Invoke($"Remove-MilvusAlias {alias} -Force; Remove-MilvusCollection {blue}, {green} -Force");
            session.Invoke($"Remove-MilvusCollection {green} -Force");
        }
    }

    [Fact]
    public async Task LoadNeedsAVectorIndexAndReleaseFollows()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("load");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            var noIndex = session.Invoke($"Mount-MilvusCollection {name}");
            Assert.NotNull(noIndex.Error);
            Assert.Contains("there is no vector index on field: [vector], please create index firstly", noIndex.Error!.Exception.Message);
            Assert.Equal("NotLoad", session.Invoke($"(Get-MilvusLoadState {name}).State").Output.Single().ToString());

            session.Invoke($"Get-MilvusCollection {name} | Mount-MilvusCollection -WhatIf").AssertSuccess();
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(name) && l.Contains("Load"));
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }

    [SkippableFact]
    public async Task MountWaitShowsLoadingProgress()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs an emulator whose loads take time (realistic load mode).");
        await using var emulator = await Endpoints.StartEmulatorAsync(o =>
        {
            o.LoadMode = MilvusPS.Emulator.Catalog.LoadMode.Realistic;
            o.RealisticLoadTime = TimeSpan.FromMilliseconds(1500);
        });
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}; New-MilvusCollection slow -Dimension 4 -NoLoad").AssertSuccess();
        // Index the vector field over the wire (the index cmdlets come with the index issue).
        using (var connection = await MilvusPS.TestSupport.WireCalls.OpenAsync(emulator.Uri))
            await MilvusPS.TestSupport.WireCalls.CreateIndexAsync(connection, "slow", "vector");
        var result = session.Invoke("Mount-MilvusCollection slow -Wait -PassThru").AssertSuccess();
        Assert.Equal("Loaded", result.Output.Single().Properties["LoadState"].Value!.ToString());
        var progress = session.Host.Recorder.Progress;
        Assert.Contains(progress, p => p.Activity.Contains("slow") && p.PercentComplete is > 0 and < 100);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        var percents = progress.Where(p => p.RecordType == ProgressRecordType.Processing).Select(p => p.PercentComplete).ToList();
        Assert.Equal(percents.Order(), percents);
    }

    [SkippableFact]
    public async Task MountWaitTimesOutWithWaitTimeout()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs an emulator whose loads take time (realistic load mode).");
        await using var emulator = await Endpoints.StartEmulatorAsync(o =>
        {
            o.LoadMode = MilvusPS.Emulator.Catalog.LoadMode.Realistic;
            o.RealisticLoadTime = TimeSpan.FromSeconds(30);
        });
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}; New-MilvusCollection slow -Dimension 4 -NoLoad").AssertSuccess();
        using (var connection = await MilvusPS.TestSupport.WireCalls.OpenAsync(emulator.Uri))
            await MilvusPS.TestSupport.WireCalls.CreateIndexAsync(connection, "slow", "vector");
        var result = session.Invoke("Mount-MilvusCollection slow -Wait -TimeoutSec 1");
        Assert.StartsWith("WaitTimeout,", result.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, result.Error!.CategoryInfo.Category);
        Assert.Equal("Loading", session.Invoke("(Get-MilvusLoadState slow).State").Output.Single().ToString());
    }

    [Fact]
    public async Task FlushAndCompactionComplete()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("maint");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad").AssertSuccess();
        try
        {
            var flush = session.Invoke($"Invoke-MilvusFlush {name} -Wait").AssertSuccess().Output.Single();
            Assert.Equal(name, flush.Properties["Collection"].Value);
            Assert.True((bool)flush.Properties["Flushed"].Value!);

            var compaction = session.Invoke($"Compress-MilvusCollection {name} -Wait").AssertSuccess().Output.Single();
            Assert.Equal("Completed", compaction.Properties["State"].Value);
            var id = (long)compaction.Properties["CompactionId"].Value;
            var again = session.Invoke($"Get-MilvusCompaction {id}").AssertSuccess().Output.Single();
            Assert.Equal("Completed", again.Properties["State"].Value);

            session.Invoke($"Get-MilvusCollection {name} | Invoke-MilvusFlush -WhatIf").AssertSuccess();
            Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains(name));
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
    }
}

/// <summary>Features a 2.4 server lacks are refused before anything is sent, naming the version needed.</summary>
public class VersionGateTests
{
    [SkippableFact]
    public async Task A24ServerRefusesNewerFeaturesClearly()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs an emulator playing Milvus 2.4.");
        await using var emulator = await Endpoints.StartEmulatorAsync(o => o.MilvusVersion = "2.4.24");
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}; New-MilvusCollection old -Dimension 4 -NoLoad").AssertSuccess();

        var clear = session.Invoke("Clear-MilvusCollection old -Force");
        Assert.StartsWith("ServerVersionTooOld,", clear.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, clear.Error!.CategoryInfo.Category);
        Assert.Contains("Milvus 2.6.11 or later", clear.Error.Exception.Message);
        Assert.Contains("2.4.24", clear.Error.Exception.Message);

        var nullable = session.Invoke("""
            $schema = New-MilvusSchema (New-MilvusField id Int64 -PrimaryKey), (New-MilvusField v FloatVector -Dimension 4), (New-MilvusField n Int32 -Nullable)
            New-MilvusCollection nullable -Schema $schema
            """);
        Assert.StartsWith("ServerVersionTooOld,", nullable.Error?.FullyQualifiedErrorId);
        Assert.Contains("2.5.0", nullable.Error!.Exception.Message);
        Assert.StartsWith("CollectionNotFound,", session.Invoke("Get-MilvusCollection nullable").Error?.FullyQualifiedErrorId);

        var addField = session.Invoke("Add-MilvusField old -Field (New-MilvusField x Int32 -Nullable)");
        Assert.StartsWith("ServerVersionTooOld,", addField.Error?.FullyQualifiedErrorId);
    }
}

/// <summary>Tab completion of names, and the emulator's data folder across restarts.</summary>
public class CompletionAndPersistenceTests
{
    [Fact]
    public async Task NamesCompleteFromTheServer()
    {
        using var session = await PsSession.ConnectedAsync();
        var name = PsSession.UniqueName("compl");
        session.Invoke($"New-MilvusCollection {name} -Dimension 4 -NoLoad; New-MilvusPartition {name} -Name part_one").AssertSuccess();
        try
        {
            string[] Complete(string line) => session.Invoke($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches.CompletionText")
                .AssertSuccess().Output.Select(o => (string)o.BaseObject).ToArray();
            Assert.Contains(name, Complete($"Get-MilvusCollection {name[..8]}"));
            Assert.Contains("part_one", Complete($"Get-MilvusPartition -Collection {name} -Name part_"));
            Assert.Contains("default", Complete("Use-MilvusDatabase def"));
            Assert.Contains("vector", Complete($"Set-MilvusCollection -Collection {name} -Field vec"));
        }
        finally
        {
            session.Invoke($"Remove-MilvusCollection {name} -Force");
        }
        // Without a connection, completion offers nothing and never throws.
        using var bare = PsSession.Create();
        Assert.Empty(bare.Invoke("(TabExpansion2 -inputScript 'Get-MilvusCollection x' -cursorColumn 22).CompletionMatches").AssertSuccess().Output);
    }

    [Fact]
    public void TheEmulatorKeepsItsCatalogInTheDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), PsSession.UniqueName("emudata"));
        try
        {
            using var session = PsSession.Create();
            session.SetVariable("folder", folder);
            session.Invoke("""
                $emu = Start-MilvusEmulator -DataPath $folder
                $emu | Connect-Milvus
                New-MilvusDatabase kept | Out-Null
                New-MilvusCollection books -Dimension 8 -Property @{ 'collection.ttl.seconds' = 60 } | Out-Null
                New-MilvusPartition books -Name y2025 | Out-Null
                New-MilvusAlias library -Collection books | Out-Null
                $before = Get-MilvusCollection books
                Disconnect-Milvus
                $emu | Stop-MilvusEmulator -Force
                """).AssertSuccess();
            var result = session.Invoke("""
                $emu = Start-MilvusEmulator -DataPath $folder
                $emu | Connect-Milvus
                $after = Get-MilvusCollection library
                $after.CollectionId -eq $before.CollectionId
                $after.Properties['collection.ttl.seconds']
                (Get-MilvusPartition books).Name -join ','
                (Get-MilvusDatabase kept).Name
                $after.LoadState.ToString()
                $emu | Stop-MilvusEmulator -Force
                """).AssertSuccess();
            Assert.Equal([true, "60", "_default,y2025", "kept", "Loaded"], result.Output.Select(o => o.BaseObject));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
