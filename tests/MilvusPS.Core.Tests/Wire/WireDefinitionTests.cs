namespace MilvusPS.Core.Tests.Wire;

/// <summary>
/// Our .proto files, as compiled, must equal the Milvus wire tables (v2.6.22): every message, field
/// (number, type, label, oneof, proto3 optional), enum value and RPC (path, request, response, streaming).
/// </summary>
public class WireDefinitionTests
{
    private static readonly string Tables = Path.Combine(AppContext.BaseDirectory, "fixtures", "wire");

    [Fact]
    public void EveryDeclaredWireFactMatchesTheTables()
    {
        var ours = WireFacts.FromDescriptors(WireFacts.OurFiles).ToList();
        var (mismatches, _) = WireFacts.Compare(ours, WireFacts.FromTables(Tables));
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} wire mismatches:\n" + string.Join("\n", mismatches.Take(100)));
        Assert.True(ours.Count > 2000, $"Only {ours.Count} facts were read from our descriptors.");
    }

    [Fact]
    public void OurDefinitionsCoverTheWholeMilvus26Protocol()
    {
        var (_, missing) = WireFacts.Compare(WireFacts.FromDescriptors(WireFacts.OurFiles), WireFacts.FromTables(Tables));
        Assert.True(missing.Count == 0, $"{missing.Count} table facts are not declared:\n" + string.Join("\n", missing.Take(100)));
    }

    [Theory]
    [InlineData("CreateCollection")]
    [InlineData("AlterCollectionField")]
    [InlineData("AddCollectionField")]
    [InlineData("TruncateCollection")]
    [InlineData("GetLoadingProgress")]
    [InlineData("HybridSearch")]
    [InlineData("OperatePrivilegeV2")]
    [InlineData("ListImportTasks")]
    [InlineData("GetImportState")]
    [InlineData("ManualCompaction")]
    [InlineData("Connect")]
    [InlineData("GetComponentStates")]
    public void RpcsTheModuleUsesAreOnTheServiceWithMilvusPaths(string rpc)
    {
        var method = MilvusPS.Protocol.MilvusReflection.Descriptor.Services.Single(s => s.Name == "MilvusService").FindMethodByName(rpc);
        Assert.NotNull(method);
        Assert.Equal("milvus.proto.milvus.MilvusService", method.Service.FullName);
    }

    [Fact]
    public void TheComparisonCatchesAChangedFieldNumber()
    {
        // Prove the check has teeth: a table in which one field number differs must be reported.
        var ours = WireFacts.FromDescriptors(WireFacts.OurFiles).ToList();
        var table = WireFacts.FromTables(Tables)
            .Select(f => f.Kind == "field" && f.Key == "milvus.proto.common.Status.code" ? f with { Value = "30" + f.Value[1..] } : f)
            .ToList();
        var (mismatches, _) = WireFacts.Compare(ours, table);
        var only = Assert.Single(mismatches);
        Assert.Contains("milvus.proto.common.Status.code", only);
    }

    [Fact]
    public void TheComparisonCatchesADroppedOneofAndAnUnknownMessage()
    {
        var ours = WireFacts.FromDescriptors(WireFacts.OurFiles).ToList();
        var table = WireFacts.FromTables(Tables)
            .Where(f => f.Key != "milvus.proto.milvus.ConnectResponse")
            .Select(f => f.Key == "milvus.proto.milvus.SearchRequest.placeholder_group" ? f with { Value = f.Value.Replace("search_input", "") } : f)
            .ToList();
        var (mismatches, _) = WireFacts.Compare(ours, table);
        Assert.Contains(mismatches, m => m.Contains("SearchRequest.placeholder_group"));
        Assert.Contains(mismatches, m => m.Contains("message milvus.proto.milvus.ConnectResponse"));
    }
}
