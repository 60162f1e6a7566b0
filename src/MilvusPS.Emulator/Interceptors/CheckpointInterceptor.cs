using Grpc.Core;
using Grpc.Core.Interceptors;
using MilvusPS.Emulator.Hosting;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>
/// With a data folder: every call holds the <see cref="Persistence.Checkpointer"/> gate while it runs, so a snapshot taken
/// while the emulator runs never overlaps a call. Innermost, so calls held back by faults or refused earlier never hold it.
/// </summary>
internal sealed class CheckpointInterceptor(EmulatorState state) : Interceptor
{
    private readonly Persistence.Checkpointer _gate = state.Checkpoints
        ?? throw new InvalidOperationException("Checkpoints need a data folder.");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var _ = await _gate.EnterAsync().ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }
}
