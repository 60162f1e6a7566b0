using Grpc.Core;

namespace MilvusPS.Core.Errors;

/// <summary>
/// The one exception type the core throws for a failed Milvus call: carries the Milvus code and reason,
/// the legacy error_code, the gRPC status, the operation and its target, and a stable ErrorId.
/// </summary>
public sealed class MilvusException : Exception
{
    public MilvusException(string message, MilvusErrorKind kind, string errorId, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorId = errorId;
    }

    /// <summary>The kind of failure: decides the ErrorCategory and whether a retry can help.</summary>
    public MilvusErrorKind Kind { get; }

    /// <summary>A stable identifier such as CollectionNotFound, AuthenticationFailed or ServerUnavailable.</summary>
    public string ErrorId { get; }

    /// <summary>The Milvus error code (Status.code), or 0 when the failure was not a Milvus status.</summary>
    public int MilvusCode { get; init; }

    /// <summary>The legacy Status.error_code name (e.g. UnexpectedError), or null.</summary>
    public string? LegacyErrorCode { get; init; }

    /// <summary>The server's reason text, as sent.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the server said a retry may succeed.</summary>
    public bool Retriable { get; init; }

    /// <summary>The gRPC status code of the call (OK when the failure came in a Milvus Status).</summary>
    public StatusCode GrpcStatus { get; init; } = StatusCode.OK;

    /// <summary>The Milvus operation (RPC name), e.g. CreateCollection.</summary>
    public string? Operation { get; init; }

    /// <summary>What the operation was aimed at, e.g. the collection name or the server URI.</summary>
    public string? Target { get; init; }
}
