using System.Management.Automation;
using System.Runtime.Loader;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>The module as PowerShell sees it: exports, verbs, parameters, isolation of its dependencies.</summary>
public class ModuleTests
{
    private static readonly string[] Exported =
    [
        "Add-MilvusEntity",
        "Add-MilvusField",
        "Clear-MilvusCollection",
        "Compress-MilvusCollection",
        "Connect-Milvus",
        "Disconnect-Milvus",
        "Dismount-MilvusCollection",
        "Dismount-MilvusPartition",
        "Export-MilvusEntity",
        "Get-MilvusAlias",
        "Get-MilvusCollection",
        "Get-MilvusCompaction",
        "Get-MilvusConnection",
        "Get-MilvusDatabase",
        "Get-MilvusEntity",
        "Get-MilvusIndex",
        "Get-MilvusLoadState",
        "Get-MilvusPartition",
        "Get-MilvusServer",
        "Import-MilvusEntity",
        "Invoke-MilvusFlush",
        "Invoke-MilvusHybridSearch",
        "Invoke-MilvusSearch",
        "Measure-MilvusEntity",
        "Mount-MilvusCollection",
        "Mount-MilvusPartition",
        "New-MilvusAlias",
        "New-MilvusCollection",
        "New-MilvusDatabase",
        "New-MilvusField",
        "New-MilvusFunction",
        "New-MilvusIndex",
        "New-MilvusPartition",
        "New-MilvusSchema",
        "New-MilvusSearchRequest",
        "Remove-MilvusAlias",
        "Remove-MilvusCollection",
        "Remove-MilvusDatabase",
        "Remove-MilvusEntity",
        "Remove-MilvusIndex",
        "Remove-MilvusPartition",
        "Rename-MilvusCollection",
        "Set-MilvusAlias",
        "Set-MilvusCollection",
        "Set-MilvusDatabase",
        "Set-MilvusEntity",
        "Set-MilvusIndex",
        "Start-MilvusEmulator",
        "Stop-MilvusEmulator",
        "Test-MilvusConnection",
        "Use-MilvusDatabase",
        "Wait-MilvusIndex",
    ];

    [Fact]
    public void ExportsEqualTheManifestAndUseApprovedVerbs()
    {
        using var session = PsSession.Create();
        var commands = session.Invoke("(Get-Module MilvusPS).ExportedCmdlets.Keys").AssertSuccess().Output.Select(o => (string)o.BaseObject).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(Exported.Order(StringComparer.OrdinalIgnoreCase), commands);
        // Import-PowerShellDataFile is a Utility cmdlet (absent from the bare engine): read the manifest with the parser instead.
        var declared = session.Invoke($$"""
            $ast = [System.Management.Automation.Language.Parser]::ParseFile('{{PsSession.ModulePath}}', [ref]$null, [ref]$null)
            $ast.Find({ $args[0] -is [System.Management.Automation.Language.HashtableAst] }, $false).SafeGetValue().CmdletsToExport
            """).AssertSuccess().Output.Select(o => (string)o.BaseObject).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(Exported.Order(StringComparer.OrdinalIgnoreCase), declared);
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal) && t.IsClass)
            .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var c in commands)
        {
            Assert.Contains(c.Split('-')[0], approved);
            Assert.StartsWith("Milvus", c.Split('-')[1]);
        }
    }

    [Fact]
    public void ImportingTwiceIsHarmless()
    {
        using var session = PsSession.Create();
        session.Invoke($"Import-Module '{PsSession.ModulePath}' -Force; Import-Module '{PsSession.ModulePath}'").AssertSuccess();
        Assert.Equal(Exported.Length, session.Invoke("(Get-Command -Module MilvusPS).Count").AssertSuccess().Output.Single().BaseObject);
    }

    // A changed parameter list is a deliberate decision: update this table with it.
    [Theory]
    [InlineData("Add-MilvusEntity", "Atomic,BatchSize,Collection,Confirm,Connection,Database,InputObject,MaxBatchBytes,Partition,PassThru,WhatIf")]
    [InlineData("Add-MilvusField", "Collection,Confirm,Connection,Database,Field,InputObject,PassThru,WhatIf")]
    [InlineData("Clear-MilvusCollection", "Collection,Confirm,Connection,Database,Force,InputObject,WhatIf")]
    [InlineData("Compress-MilvusCollection", "Clustering,Collection,Confirm,Connection,Database,InputObject,TimeoutSec,Wait,WhatIf")]
    [InlineData("Connect-Milvus", "ClientCertificatePath,ClientKeyPath,Credential,Database,Name,NotDefault,PassThru,ServerCaPath,ServerName,SkipCertificateCheck,TimeoutSec,Token,Uri")]
    [InlineData("Disconnect-Milvus", "All,Connection")]
    [InlineData("Dismount-MilvusCollection", "Collection,Confirm,Connection,Database,Force,InputObject,Partition,WhatIf")]
    [InlineData("Dismount-MilvusPartition", "Collection,Confirm,Connection,Database,Force,InputObject,Name,WhatIf")]
    [InlineData("Export-MilvusEntity", "BatchSize,Collection,Confirm,Connection,ConsistencyLevel,Database,Filter,FilterParameter,Force,Format,Limit,LiteralPath,NoClobber,OutputField,Partition,PassThru,Path,WhatIf")]
    [InlineData("Get-MilvusAlias", "Collection,Connection,Database,Name")]
    [InlineData("Get-MilvusCollection", "Connection,Database,Detailed,Name")]
    [InlineData("Get-MilvusCompaction", "Connection,Id")]
    [InlineData("Get-MilvusConnection", "All")]
    [InlineData("Get-MilvusDatabase", "Connection,Name")]
    [InlineData("Get-MilvusEntity", "BatchSize,Collection,Connection,ConsistencyLevel,Database,Filter,FilterParameter,Id,Limit,Offset,OutputField,Partition")]
    [InlineData("Get-MilvusIndex", "Collection,Connection,Database,Field,InputObject,Name")]
    [InlineData("Get-MilvusLoadState", "Collection,Connection,Database,InputObject,Partition")]
    [InlineData("Get-MilvusPartition", "Collection,Connection,Database,Detailed,InputObject,Name")]
    [InlineData("Get-MilvusServer", "Connection")]
    [InlineData("Import-MilvusEntity", "Atomic,BatchSize,Collection,Confirm,Connection,Database,Format,LiteralPath,MaxBatchBytes,Partition,PassThru,Path,Upsert,WhatIf")]
    [InlineData("Invoke-MilvusFlush", "All,Collection,Confirm,Connection,Database,TimeoutSec,Wait,WhatIf")]
    [InlineData("Invoke-MilvusHybridSearch", "Collection,Connection,ConsistencyLevel,Database,Limit,NoNormalize,Offset,OutputField,Partition,Request,RoundDecimal,RrfK,Weight")]
    [InlineData("Invoke-MilvusSearch", "AnnsField,BatchSize,Collection,Connection,ConsistencyLevel,Database,Filter,FilterParameter,GroupBy,GroupSize,InputObject,Limit,MetricType,Offset,OutputField,Partition,Radius,RangeFilter,RoundDecimal,SearchParameter,StrictGroupSize,Vector")]
    [InlineData("Measure-MilvusEntity", "Collection,Connection,ConsistencyLevel,Database,Filter,FilterParameter,Partition")]
    [InlineData("Mount-MilvusCollection", "Collection,Confirm,Connection,Database,InputObject,LoadField,Partition,PassThru,Refresh,ReplicaNumber,TimeoutSec,Wait,WhatIf")]
    [InlineData("Mount-MilvusPartition", "Collection,Confirm,Connection,Database,InputObject,Name,ReplicaNumber,TimeoutSec,Wait,WhatIf")]
    [InlineData("New-MilvusAlias", "Collection,Confirm,Connection,Database,Name,WhatIf")]
    [InlineData("New-MilvusCollection", "AutoId,Confirm,Connection,ConsistencyLevel,Database,Dimension,EnableDynamicField,IdType,MaxLength,MetricType,Name,NoLoad,NumPartitions,Path,PrimaryField,Property,Schema,ShardsNum,VectorField,WhatIf")]
    [InlineData("New-MilvusDatabase", "Confirm,Connection,Name,Property,WhatIf")]
    [InlineData("New-MilvusField", "AnalyzerParams,AutoId,ClusteringKey,DataType,DefaultValue,Description,Dimension,ElementType,EnableAnalyzer,EnableMatch,MaxCapacity,MaxLength,Mmap,Name,Nullable,PartitionKey,PrimaryKey")]
    [InlineData("New-MilvusFunction", "Description,InputField,Name,OutputField,Parameter,Type")]
    [InlineData("New-MilvusIndex", "Collection,Confirm,Connection,Database,Field,IndexType,InputObject,MetricType,Name,Parameter,TimeoutSec,Wait,WhatIf")]
    [InlineData("New-MilvusPartition", "Collection,Confirm,Connection,Database,InputObject,Name,WhatIf")]
    [InlineData("New-MilvusSchema", "Description,EnableDynamicField,Field,Function")]
    [InlineData("New-MilvusSearchRequest", "AnnsField,Filter,Limit,MetricType,SearchParameter,Vector")]
    [InlineData("Remove-MilvusAlias", "Confirm,Connection,Database,Force,Name,WhatIf")]
    [InlineData("Remove-MilvusCollection", "Collection,Confirm,Connection,Database,Force,InputObject,WhatIf")]
    [InlineData("Remove-MilvusDatabase", "Confirm,Connection,Force,InputObject,Name,WhatIf")]
    [InlineData("Remove-MilvusEntity", "Collection,Confirm,Connection,Database,Filter,FilterParameter,Force,Id,Partition,WhatIf")]
    [InlineData("Remove-MilvusIndex", "Collection,Confirm,Connection,Database,Force,InputObject,Name,Remount,WhatIf")]
    [InlineData("Remove-MilvusPartition", "Collection,Confirm,Connection,Database,Force,InputObject,Name,WhatIf")]
    [InlineData("Rename-MilvusCollection", "Collection,Confirm,Connection,Database,InputObject,NewDatabase,NewName,PassThru,WhatIf")]
    [InlineData("Set-MilvusAlias", "Collection,Confirm,Connection,Database,Name,PassThru,WhatIf")]
    [InlineData("Set-MilvusCollection", "Collection,Confirm,Connection,Database,Field,InputObject,PassThru,Property,RemoveProperty,WhatIf")]
    [InlineData("Set-MilvusDatabase", "Confirm,Connection,InputObject,Name,PassThru,Property,RemoveProperty,WhatIf")]
    [InlineData("Set-MilvusEntity", "Atomic,BatchSize,Collection,Confirm,Connection,Database,InputObject,MaxBatchBytes,Partial,Partition,PassThru,WhatIf")]
    [InlineData("Set-MilvusIndex", "Collection,Confirm,Connection,Database,InputObject,Name,PassThru,Property,RemoveProperty,WhatIf")]
    [InlineData("Start-MilvusEmulator", "Confirm,DataPath,EnableAuthorization,MilvusVersion,Port,RootPassword,TimeoutSec,TlsCertificatePath,TlsClientCaPath,TlsKeyPath,WhatIf")]
    [InlineData("Stop-MilvusEmulator", "All,Confirm,Force,InputObject,WhatIf")]
    [InlineData("Test-MilvusConnection", "Connection,Detailed")]
    [InlineData("Use-MilvusDatabase", "Connection,InputObject,Name,PassThru")]
    [InlineData("Wait-MilvusIndex", "Collection,Connection,Database,InputObject,Name,TimeoutSec")]
    public void ParameterListsAreDeliberate(string command, string parameters)
    {
        using var session = PsSession.Create();
        var names = session.Invoke($"(Get-Command {command}).Parameters.Keys").AssertSuccess().Output
            .Select(o => (string)o.BaseObject)
            .Where(n => !Cmdlet.CommonParameters.Contains(n) || n is "WhatIf" or "Confirm")
            .Where(n => !Cmdlet.OptionalCommonParameters.Contains(n) || n is "WhatIf" or "Confirm")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(parameters.Split(','), names);
    }

    [Fact]
    public void ServerChangingCmdletsSupportShouldProcess()
    {
        using var session = PsSession.Create();
        foreach (var c in new[] { "Start-MilvusEmulator", "Stop-MilvusEmulator" })
            Assert.True((bool)session.Invoke($"(Get-Command {c}).Parameters.ContainsKey('WhatIf')").Output.Single().BaseObject, c);
    }

    [Fact]
    public async Task DependenciesLoadPrivatelyBesideAnotherYamlDotNet()
    {
        // The test process already uses YamlDotNet 13 in the default load context...
        var theirs = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, string>>("a: b");
        Assert.Equal("b", theirs["a"]);
        var defaultYaml = AssemblyLoadContext.Default.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        Assert.Equal(13, defaultYaml.GetName().Version!.Major);

        // ...and MilvusPS, which reads its feature table (Data/features.yaml) with YamlDotNet 16, still works.
        var endpoint = await TestSupport.Endpoints.DefaultAsync();
        using var session = PsSession.Create();
        session.SetVariable("cred", endpoint.User is null ? null : PsSession.Credential(endpoint.User, endpoint.Password!));
        var features = session.Invoke($"$p = @{{}}; if ($cred) {{ $p.Credential = $cred }}; Connect-Milvus {endpoint.Uri} @p; (Get-MilvusServer).Capabilities.Count")
            .AssertSuccess().Output.Single();
        Assert.True((int)features.BaseObject > 10);

        var milvusContext = AssemblyLoadContext.All.Single(c => c.Name == "MilvusPS");
        var privateYaml = milvusContext.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        Assert.Equal(16, privateYaml.GetName().Version!.Major);
        Assert.Contains(milvusContext.Assemblies, a => a.GetName().Name == "MilvusPS.Core");
        Assert.Contains(milvusContext.Assemblies, a => a.GetName().Name == "Google.Protobuf");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "MilvusPS.Core");
        // The cmdlets reference MilvusPS.Core only: anything else would be bound in the default context.
        var cmdlets = AssemblyLoadContext.Default.Assemblies.Single(a => a.GetName().Name == "MilvusPS");
        Assert.Equal(["MilvusPS.Core"], cmdlets.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("MilvusPS", StringComparison.Ordinal)));
    }
}
