using System.Diagnostics;
using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

public class FaultTests
{
    [Fact]
    public async Task Latency_is_added_to_the_named_rpc_only()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        // Warm the connection and both handlers, so a busy machine's first-call cost is not mistaken for latency.
        await client.GetVersionAsync(new GetVersionRequest());
        await client.CheckHealthAsync(new CheckHealthRequest());
        server.Faults.AddLatency("GetVersion", TimeSpan.FromMilliseconds(1000));

        var slow = Stopwatch.StartNew();
        await client.GetVersionAsync(new GetVersionRequest());
        slow.Stop();
        var fast = Stopwatch.StartNew();
        await client.CheckHealthAsync(new CheckHealthRequest());
        fast.Stop();

        Assert.True(slow.ElapsedMilliseconds >= 990, $"took {slow.ElapsedMilliseconds} ms");
        Assert.True(fast.ElapsedMilliseconds < 990, $"took {fast.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Latency_honours_the_callers_deadline()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        server.Faults.AddLatency("*", TimeSpan.FromSeconds(30));

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await TestEmulator.Client(channel).GetVersionAsync(new GetVersionRequest(), deadline: TestEmulator.Deadline(200)));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Server_side_delay_stops_when_the_call_is_cancelled()
    {
        var injector = new Faults.FaultInjector(enabled: true);
        injector.AddLatency("Search", TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await injector.BeforeCallAsync("Search", cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Fail_next_n_with_grpc_status_then_ok()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        server.Faults.FailNext("GetVersion", 2, StatusCode.Unavailable, "try later");

        for (var i = 0; i < 2; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await client.GetVersionAsync(new GetVersionRequest()));
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Equal("try later", e.Status.Detail);
        }
        Assert.Equal("2.6.22", (await client.GetVersionAsync(new GetVersionRequest())).Version);
        Assert.Equal(3, server.Faults.CallCount("GetVersion"));
    }

    [Fact]
    public async Task Fail_next_with_a_milvus_status_then_ok()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        server.Faults.FailNext("*", 1, MilvusError.Of("ServiceRateLimit", ("rate", 10)));

        var failed = await client.ConnectAsync(new ConnectRequest());
        var ok = await client.ConnectAsync(new ConnectRequest());

        Assert.Equal(8, failed.Status.Code);
        Assert.StartsWith("rate limit exceeded[rate=10]", failed.Status.Reason);
        Assert.Equal(0, ok.Status.Code);
        Assert.NotEqual(0, ok.Identifier);
    }

    [Fact]
    public async Task Stall_holds_the_call_until_released()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        server.Faults.StallNext("CheckHealth", 2);

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CheckHealthAsync(new CheckHealthRequest(), deadline: TestEmulator.Deadline(150)));
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);

        var pending = client.CheckHealthAsync(new CheckHealthRequest()).ResponseAsync;
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        server.Faults.ReleaseStalls();
        Assert.True((await pending.WaitAsync(TimeSpan.FromSeconds(5))).IsHealthy);
    }

    [Fact]
    public async Task Drop_breaks_the_connection_then_the_client_recovers()
    {
        await using var server = await TestEmulator.StartAsync(o => o.EnableFaults = true);
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        server.Faults.DropNext("GetVersion");

        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.GetVersionAsync(new GetVersionRequest()));
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
        Assert.Equal("2.6.22", (await client.GetVersionAsync(new GetVersionRequest())).Version);
    }

    [Fact]
    public async Task Faults_are_off_unless_enabled()
    {
        await using var server = await TestEmulator.StartAsync();
        Assert.False(server.Faults.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => server.Faults.FailNext("GetVersion", 1, StatusCode.Unavailable));
        Assert.Throws<InvalidOperationException>(() => server.Faults.AddLatency("*", TimeSpan.FromSeconds(1)));
    }
}
