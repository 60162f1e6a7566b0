namespace MilvusPS.Core.Errors;

/// <summary>What kind of failure a Milvus call met; decides the PowerShell ErrorCategory and whether a retry can help.</summary>
public enum MilvusErrorKind
{
    /// <summary>The server failed in a way Milvus does not classify further.</summary>
    Internal,
    /// <summary>A database, collection, partition, index, alias, user or role does not exist.</summary>
    NotFound,
    /// <summary>The object being created exists already.</summary>
    AlreadyExists,
    /// <summary>The request itself is wrong (bad name, out-of-range parameter, bad expression).</summary>
    InvalidArgument,
    /// <summary>The object is in a state that does not allow the operation (e.g. drop a loaded partition).</summary>
    InvalidState,
    /// <summary>Authenticated, but the user lacks the privilege.</summary>
    PermissionDenied,
    /// <summary>No credentials, or wrong ones.</summary>
    Unauthenticated,
    /// <summary>The server could not be reached or is not ready.</summary>
    Unavailable,
    /// <summary>The server refused the call because of a rate limit; it can be tried again later.</summary>
    RateLimited,
    /// <summary>A quota or capacity limit was reached (too many collections, memory, disk).</summary>
    LimitExceeded,
    /// <summary>The call did not finish within its time limit.</summary>
    Timeout,
    /// <summary>The call was cancelled (Ctrl+C, StopProcessing).</summary>
    Canceled,
    /// <summary>The server (or its version) does not support the operation.</summary>
    Unsupported,
}
