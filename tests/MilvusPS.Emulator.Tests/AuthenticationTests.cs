using System.Text;
using Grpc.Core;
using MilvusPS.Emulator.Access;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

public class AuthenticationTests
{
    private static async Task<RpcException> Refused(EmulatorServer server, Metadata? headers)
    {
        using var channel = TestEmulator.Channel(server);
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest(), headers));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        return e;
    }

    [Fact]
    public async Task Auth_on_without_header_is_refused()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        var e = await Refused(server, null);
        Assert.Equal("missing authorization in header", e.Status.Detail);
    }

    [Fact]
    public async Task Auth_on_with_bad_base64_is_refused()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        var e = await Refused(server, TestEmulator.Headers(("authorization", "not base64!")));
        Assert.Equal("invalid token format", e.Status.Detail);
    }

    [Fact]
    public async Task Auth_on_with_wrong_password_or_unknown_user_is_refused()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        var wrong = await Refused(server, TestEmulator.Basic("root:milvus"));
        var unknown = await Refused(server, TestEmulator.Basic("alice:Milvus"));
        Assert.Equal("auth check failure, please check username and password are correct", wrong.Status.Detail);
        Assert.Equal(wrong.Status.Detail, unknown.Status.Detail);
    }

    [Fact]
    public async Task Auth_on_with_api_key_is_refused_with_the_api_key_text()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        var e = await Refused(server, TestEmulator.Basic("sk-0123456789abcdef"));
        Assert.Equal("auth check failure, please check api key is correct", e.Status.Detail);
    }

    [Fact]
    public async Task Auth_on_with_root_Milvus_succeeds_for_every_rpc_we_serve()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        var headers = TestEmulator.Basic("root:Milvus");

        Assert.Equal("2.6.22", (await client.GetVersionAsync(new GetVersionRequest(), headers)).Version);
        Assert.True((await client.CheckHealthAsync(new CheckHealthRequest(), headers)).IsHealthy);
        Assert.Equal(StateCode.Healthy, (await client.GetComponentStatesAsync(new GetComponentStatesRequest(), headers)).State.StateCode);
        var connect = await client.ConnectAsync(new ConnectRequest(), headers);
        Assert.Equal(0, connect.Status.Code);
        Assert.True(server.State.Clients.TryGet(connect.Identifier, out var registered));
        Assert.Equal("root", registered.User);
    }

    [Fact]
    public async Task No_rpc_is_exempt_not_even_health_or_an_unimplemented_one()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AuthorizationEnabled = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        var health = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckHealthAsync(new CheckHealthRequest()));
        var connect = await Assert.ThrowsAsync<RpcException>(async () => await client.ConnectAsync(new ConnectRequest()));
        var create = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateCollectionAsync(new CreateCollectionRequest()));

        Assert.All(new[] { health, connect, create }, e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
    }

    [Fact]
    public async Task Configured_root_password_replaces_the_default()
    {
        await using var server = await TestEmulator.StartAsync(o => { o.AuthorizationEnabled = true; o.RootPassword = "S3cret!"; });
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        await Refused(server, TestEmulator.Basic("root:Milvus"));
        var ok = await client.GetVersionAsync(new GetVersionRequest(), TestEmulator.Basic("root:S3cret!"));
        Assert.Equal(0, ok.Status.Code);
    }

    [Fact]
    public async Task Auth_off_ignores_any_credentials()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        var garbage = await client.GetVersionAsync(new GetVersionRequest(), TestEmulator.Headers(("authorization", "%%% not base64 %%%")));
        var wrong = await client.GetVersionAsync(new GetVersionRequest(), TestEmulator.Basic("root:wrong"));
        var none = await client.GetVersionAsync(new GetVersionRequest());

        Assert.All(new[] { garbage, wrong, none }, r => Assert.Equal("2.6.22", r.Version));
    }

    [Theory]
    [InlineData(null, Authenticator.MissingAuthorization)]
    [InlineData("cm9vdDpNaWx2dXM", Authenticator.InvalidTokenFormat)] // unpadded: Go's StdEncoding refuses it
    [InlineData("", Authenticator.ApiKeyCheckFailure)]               // decodes to "", which has no colon
    public void Authenticator_edge_cases(string? header, string expected)
    {
        var result = new Authenticator(new CredentialStore()).Authenticate(header);
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.FailureMessage);
    }

    [Fact]
    public void Password_may_contain_colons_split_is_at_the_first()
    {
        var store = new CredentialStore("a:b:c");
        var result = new Authenticator(store).Authenticate(Convert.ToBase64String(Encoding.UTF8.GetBytes("root:a:b:c")));
        Assert.True(result.Succeeded);
        Assert.Equal("root", result.User);
    }

    [Fact]
    public void Credential_store_keeps_salted_hashes_and_verifies()
    {
        var store = new CredentialStore();
        Assert.True(store.Verify("root", "Milvus"));
        Assert.True(store.Verify("root", "Milvus")); // cached path
        Assert.False(store.Verify("root", "Milvus "));
        Assert.False(store.Verify("nobody", "Milvus"));
        store.SetPassword("root", "new");
        Assert.False(store.Verify("root", "Milvus"));
        Assert.True(store.Verify("root", "new"));
    }
}
