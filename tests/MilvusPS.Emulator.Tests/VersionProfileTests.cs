using Grpc.Core;
using MilvusPS.Emulator.Versioning;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator.Tests;

public class VersionProfileTests
{
    [Theory]
    [InlineData("2.3", "v2.3.16")]
    [InlineData("2.4", "v2.4.24")]
    [InlineData("v2.4.3", "v2.4.3")]
    [InlineData("2.5.27", "v2.5.27")]
    [InlineData("2.6", "2.6.22")]
    [InlineData("2.6.6", "2.6.6")]
    public async Task GetVersion_reports_the_profile_in_the_servers_format(string configured, string expected)
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = configured);
        using var channel = TestEmulator.Channel(server);

        var response = await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest());

        Assert.Equal(expected, response.Version);
        Assert.Equal(0, response.Status.Code);
        Assert.Equal(string.Empty, response.Status.Reason);
    }

    [Fact]
    public async Task Default_profile_is_the_newest_version()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        using var channel = TestEmulator.Channel(server);

        var response = await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest());

        Assert.Equal(MilvusVersion.Newest.ToString(), response.Version);
        Assert.Equal(MilvusVersion.Newest, server.MilvusVersion);
    }

    [Fact]
    public async Task An_rpc_the_profile_lacks_is_unimplemented_like_the_real_server()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.5");
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.AddCollectionFieldAsync(new AddCollectionFieldRequest { CollectionName = "c" }));

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Equal("unknown method AddCollectionField for service milvus.proto.milvus.MilvusService", e.Status.Detail);
    }

    [Fact]
    public async Task HybridSearch_is_missing_on_2_3_and_present_on_2_4()
    {
        await using var old = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.3");
        await using var newer = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.4");
        using var oldChannel = TestEmulator.Channel(old);
        using var newChannel = TestEmulator.Channel(newer);

        var onOld = await Assert.ThrowsAsync<RpcException>(async () =>
            await TestEmulator.Client(oldChannel).HybridSearchAsync(new HybridSearchRequest()));
        var onNew = await TestEmulator.Client(newChannel).HybridSearchAsync(new HybridSearchRequest());

        Assert.StartsWith("unknown method HybridSearch", onOld.Status.Detail);
        // 2.4 has it: the call reaches the service and fails validation (no collection name) in its Status.
        Assert.NotEqual(0, onNew.Status.Code);
    }

    [Fact]
    public async Task An_rpc_not_implemented_yet_is_unimplemented()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await TestEmulator.Client(channel).GetReplicasAsync(new GetReplicasRequest { CollectionName = "books" }));

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("GetReplicas", e.Status.Detail);
    }

    [Theory]
    [InlineData("2.2")]
    [InlineData("banana")]
    [InlineData("9.9")]
    public void Unknown_or_too_old_versions_are_rejected(string text)
    {
        Assert.False(VersionProfile.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public async Task Invalid_options_fail_StartAsync()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, MilvusVersion = "1.0" }));
    }
}
