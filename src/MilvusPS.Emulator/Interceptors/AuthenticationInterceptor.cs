using Grpc.Core;
using MilvusPS.Emulator.Access;
using MilvusPS.Emulator.Hosting;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>
/// When authorization is enabled, every call (no RPC is exempt, as in Milvus) must carry valid
/// <c>authorization</c> metadata; failures are gRPC UNAUTHENTICATED with Milvus's exact texts,
/// not a Milvus Status. When disabled, credentials are ignored entirely.
/// </summary>
internal sealed class AuthenticationInterceptor(EmulatorState state) : GateInterceptor
{
    protected override ValueTask CheckAsync(ServerCallContext context)
    {
        if (!state.AuthorizationEnabled) return ValueTask.CompletedTask;
        var header = context.RequestHeaders.Get(Authenticator.AuthorizationHeader);
        var result = state.Authenticator.Authenticate(header is { IsBinary: false } ? header.Value : null);
        if (!result.Succeeded)
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, result.FailureMessage!));
        CallState.Of(context).User = result.User;
        return ValueTask.CompletedTask;
    }
}
