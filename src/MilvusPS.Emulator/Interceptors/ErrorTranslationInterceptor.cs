using Grpc.Core;
using Grpc.Core.Interceptors;
using MilvusPS.Emulator.Errors;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>
/// Innermost interceptor. A <see cref="MilvusError"/> thrown by a handler becomes the response's Status
/// (through <see cref="StatusFactory"/>, as Milvus answers: gRPC OK with a failed Status); an RPC the
/// emulator has not implemented yet says so in its UNIMPLEMENTED status.
/// </summary>
internal sealed class ErrorTranslationInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (MilvusError error) when (ResponseStatus.CanCarryStatus(typeof(TResponse)))
        {
            return ResponseStatus.Fail<TResponse>(error);
        }
        catch (RpcException e) when (IsGeneratedUnimplemented(e))
        {
            throw NotImplementedYet(context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException e) when (IsGeneratedUnimplemented(e))
        {
            throw NotImplementedYet(context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException e) when (IsGeneratedUnimplemented(e))
        {
            throw NotImplementedYet(context);
        }
    }

    // The generated base class throws Unimplemented with an empty detail for every RPC we do not override.
    private static bool IsGeneratedUnimplemented(RpcException e) =>
        e.StatusCode == StatusCode.Unimplemented && string.IsNullOrEmpty(e.Status.Detail);

    private static RpcException NotImplementedYet(ServerCallContext context) =>
        new(new Grpc.Core.Status(StatusCode.Unimplemented, $"MilvusPS.Emulator does not implement {CallState.Of(context).Rpc} yet"));
}
