using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

/// <summary>Starts in-process emulators on a free loopback port and makes clients for them.</summary>
internal static class TestEmulator
{
    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Port = 0 };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    public static GrpcChannel Channel(EmulatorServer server, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(server.Uri, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });

    public static MilvusService.MilvusServiceClient Client(GrpcChannel channel) => new(channel);

    public static Metadata Basic(string userAndPassword) =>
        new() { { "authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)) } };

    public static Metadata Headers(params (string Key, string Value)[] entries)
    {
        var metadata = new Metadata();
        foreach (var (key, value) in entries) metadata.Add(key, value);
        return metadata;
    }

    public static DateTime Deadline(int milliseconds) => DateTime.UtcNow.AddMilliseconds(milliseconds);
}

/// <summary>A test class with an emulator of its own (xunit makes one instance per test) and a client on it.</summary>
public abstract class EmulatorTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private GrpcChannel _channel = null!;

    protected MilvusService.MilvusServiceClient Client { get; private set; } = null!;

    /// <summary>Starts the emulator; a class that seeds data overrides this and calls it first.</summary>
    public virtual async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _channel = TestEmulator.Channel(_server);
        Client = TestEmulator.Client(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }
}
