using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>
/// Every server-changing cmdlet under -WhatIf: nothing changes on the server, and the WhatIf text names
/// the target. Each row: the command (with {c} for a fresh loaded collection with partition p1 and alias
/// {a}), what the What-if line must contain, and a script that is $true when nothing changed.
/// </summary>
public class WhatIfMatrixTests
{
    [Theory]
    [InlineData("New-MilvusDatabase {c}_db -WhatIf", "{c}_db", "-not ((Get-MilvusDatabase).Name -contains '{c}_db')")]
    [InlineData("Set-MilvusDatabase default -Property @{ 'database.max.collections' = 3 } -WhatIf", "default", "-not (Get-MilvusDatabase default).Properties.ContainsKey('database.max.collections')")]
    [InlineData("New-MilvusCollection {c}_new -Dimension 4 -WhatIf", "{c}_new", "-not ((Get-MilvusCollection '{c}_*').Name -contains '{c}_new')")]
    [InlineData("Remove-MilvusCollection {c} -WhatIf", "{c}", "(Get-MilvusCollection {c}).Name -eq '{c}'")]
    [InlineData("Rename-MilvusCollection {c} -NewName {c}_r -WhatIf", "{c}", "(Get-MilvusCollection {c}).Name -eq '{c}'")]
    [InlineData("Set-MilvusCollection {c} -Property @{ 'collection.ttl.seconds' = 5 } -WhatIf", "{c}", "-not (Get-MilvusCollection {c}).Properties.ContainsKey('collection.ttl.seconds')")]
    [InlineData("Clear-MilvusCollection {c} -WhatIf", "{c}", "$true")]
    [InlineData("Add-MilvusField {c} -Field (New-MilvusField extra Int32 -Nullable) -WhatIf", "{c}", "-not ((Get-MilvusCollection {c}).Fields.Name -contains 'extra')")]
    [InlineData("Dismount-MilvusCollection {c} -WhatIf", "{c}", "(Get-MilvusLoadState {c}).State.ToString() -eq 'Loaded'")]
    [InlineData("Mount-MilvusCollection {c} -Refresh -WhatIf", "{c}", "(Get-MilvusLoadState {c}).State.ToString() -eq 'Loaded'")]
    [InlineData("New-MilvusPartition {c} -Name p9 -WhatIf", "{c}/p9", "-not ((Get-MilvusPartition {c}).Name -contains 'p9')")]
    [InlineData("Remove-MilvusPartition {c} -Name p1 -Force -WhatIf", "{c}/p1", "(Get-MilvusPartition {c}).Name -contains 'p1'")]
    [InlineData("Dismount-MilvusPartition {c} -Name p1 -WhatIf", "{c}/p1", "(Get-MilvusLoadState {c} -Partition p1).State.ToString() -eq 'Loaded'")]
    [InlineData("Mount-MilvusPartition {c} -Name p1 -WhatIf", "{c}/p1", "$true")]
    [InlineData("New-MilvusAlias {c}_a2 -Collection {c} -WhatIf", "{c}_a2", "-not ((Get-MilvusAlias -Collection {c}).Alias -contains '{c}_a2')")]
    [InlineData("Remove-MilvusAlias {a} -WhatIf", "{a}", "(Get-MilvusAlias {a}).Collection -eq '{c}'")]
    [InlineData("Invoke-MilvusFlush {c} -WhatIf", "{c}", "$true")]
    [InlineData("New-MilvusIndex {c} -Field id -IndexType STL_SORT -WhatIf", "{c}.id", "-not ((Get-MilvusIndex {c}).FieldName -contains 'id')")]
    [InlineData("Set-MilvusIndex {c} -Name vector -Property @{ 'mmap.enabled' = $true } -WhatIf", "{c}.vector", "-not (Get-MilvusIndex {c} vector).Parameters.ContainsKey('mmap.enabled')")]
    [InlineData("Remove-MilvusIndex {c} -Name vector -Force -WhatIf", "{c}.vector", "(Get-MilvusIndex {c} vector).IndexName -eq 'vector'")]
    [InlineData("Compress-MilvusCollection {c} -WhatIf", "{c}", "$true")]
    public async Task WhatIfChangesNothingAndNamesTheTarget(string command, string target, string unchanged)
    {
        using var session = await PsSession.ConnectedAsync();
        var c = PsSession.UniqueName("wi");
        var a = c + "_al";
        string Fill(string s) => s.Replace("{c}", c).Replace("{a}", a);
        session.Invoke(Fill("New-MilvusCollection {c} -Dimension 4 | Out-Null; New-MilvusPartition {c} -Name p1 | Out-Null; New-MilvusAlias {a} -Collection {c} | Out-Null")).AssertSuccess();
        try
        {
            var skip = command.StartsWith("Clear-", StringComparison.Ordinal) && !(bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('TruncateCollection')").Output.Single().BaseObject
                || command.StartsWith("Add-MilvusField", StringComparison.Ordinal) && !(bool)session.Invoke("(Get-MilvusConnection).Capabilities.Supports('AddCollectionField')").Output.Single().BaseObject;
            var result = session.Invoke(Fill(command));
            if (skip)
            {
                // The version check comes first: an old server gets ServerVersionTooOld, not a What-if.
                Assert.StartsWith("ServerVersionTooOld,", result.Error?.FullyQualifiedErrorId);
                return;
            }
            result.AssertSuccess();
            Assert.Empty(result.Output);
            var line = Assert.Single(session.Host.Recorder.WhatIf);
            Assert.Contains($"\"{Fill(target)}", line);
            Assert.True((bool)session.Invoke(Fill(unchanged)).AssertSuccess().Output.Single().BaseObject, $"'{Fill(command)}' changed the server");
        }
        finally
        {
            session.Invoke(Fill("Remove-MilvusCollection {c} -Force"));
        }
    }
}
