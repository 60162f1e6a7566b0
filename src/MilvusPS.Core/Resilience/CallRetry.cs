using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using MilvusPS.Core.Errors;
using Polly;
using Polly.Retry;

namespace MilvusPS.Core.Resilience;

/// <summary>Whether a call may be repeated safely once it has been sent.</summary>
public enum Idempotency
{
    /// <summary>Repeating it has the same effect (reads, drops by name, create that fails on exists).</summary>
    Idempotent,
    /// <summary>Repeating it could apply it twice (insert with auto-id): retried only when it surely never reached the server.</summary>
    NotIdempotent,
}

/// <summary>The Polly pipelines for Milvus calls: which failures are transient, and the backoff.</summary>
public static class CallRetry
{
    public static ResiliencePipeline Create(RetryOptions options, Idempotency idempotency, TimeProvider? time = null)
    {
        if (options.MaxRetries <= 0) return ResiliencePipeline.Empty;
        var builder = new ResiliencePipelineBuilder();
        if (time is not null) builder.TimeProvider = time;
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, idempotency)),
        }).Build();
    }

    /// <summary>
    /// Transient: the server was unreachable, not ready, or rate limiting. A call that is not idempotent is
    /// retried only when the failure shows the request never reached the server (no connection, or a rate
    /// limiter that refuses before anything is applied).
    /// </summary>
    public static bool IsTransient(Exception error, Idempotency idempotency)
    {
        switch (error)
        {
            case MilvusException { Kind: MilvusErrorKind.RateLimited }:
                return true;
            case MilvusException m when m.GrpcStatus == StatusCode.Unavailable:
                return m.Retriable && (idempotency == Idempotency.Idempotent || NeverConnected(m));
            case MilvusException m when m.MilvusCode != 0:
                return idempotency == Idempotency.Idempotent && (m.Retriable || m.Kind == MilvusErrorKind.Unavailable);
            case RpcException { StatusCode: StatusCode.Unavailable } r:
                return idempotency == Idempotency.Idempotent || NeverConnected(r);
            default:
                return false;
        }
    }

    private static bool NeverConnected(Exception error)
    {
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
                return true;
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
                return true;
        }
        return false;
    }
}
