using Grpc.Core;
using Grpc.Core.Interceptors;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Faults;
using MilvusPS.Emulator.Hosting;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>
/// Outermost interceptor, registered only when faults are enabled: it plays what a network or an
/// overloaded server would do to a call before the server proper sees it.
/// </summary>
internal sealed class FaultInterceptor(EmulatorState state) : Interceptor
{
    private FaultInjector Faults => state.Faults;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var fault = await Faults.BeforeCallAsync(CallState.Of(context).Rpc, context.CancellationToken).ConfigureAwait(false);
        if (fault is { Kind: FaultInjector.FaultKind.MilvusStatus, MilvusError: { } error } && ResponseStatus.CanCarryStatus(typeof(TResponse)))
            return ResponseStatus.Fail<TResponse>(error);
        Apply(fault, context);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Apply(await Faults.BeforeCallAsync(CallState.Of(context).Rpc, context.CancellationToken).ConfigureAwait(false), context);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Apply(await Faults.BeforeCallAsync(CallState.Of(context).Rpc, context.CancellationToken).ConfigureAwait(false), context);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Apply(await Faults.BeforeCallAsync(CallState.Of(context).Rpc, context.CancellationToken).ConfigureAwait(false), context);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private static void Apply(FaultInjector.PlannedFault? fault, ServerCallContext context)
    {
        switch (fault?.Kind)
        {
            case null:
                return;
            case FaultInjector.FaultKind.GrpcStatus:
                throw new RpcException(fault.GrpcStatus);
            case FaultInjector.FaultKind.Drop:
                context.GetHttpContext().Abort();
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "connection dropped by fault injection"));
            case FaultInjector.FaultKind.MilvusStatus:
                // A stream has no single Status to fill; fail it as the transport would.
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unknown, fault.MilvusError!.Reason));
        }
    }
}
