using Grpc.Core;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Emulator.Versioning;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>
/// Answers gRPC UNIMPLEMENTED, as the emulated server would, for any MilvusService RPC its version lacks.
/// Runs before authentication: a real server of that version does not know the method at all.
/// </summary>
internal sealed class VersionGateInterceptor(EmulatorState state) : GateInterceptor
{
    protected override ValueTask CheckAsync(ServerCallContext context)
    {
        var call = CallState.Of(context);
        if (call.Service == VersionProfile.MilvusServiceName && !state.Profile.IsRpcAvailable(call.Rpc))
            // grpc-go's text for a method the server does not register.
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unimplemented, $"unknown method {call.Rpc} for service {call.Service}"));
        return ValueTask.CompletedTask;
    }
}
