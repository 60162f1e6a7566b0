using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Errors;

/// <summary>Errors the core raises itself (before or instead of a server call), shaped like the server's.</summary>
public static class MilvusErrors
{
    /// <summary>A not-found error with the Milvus code and reason a server would give.</summary>
    public static MilvusException NotFound(string operation, string target, string errorId, string reason, int milvusCode) =>
        new($"{operation} on '{target}' failed: {reason} (Milvus code {milvusCode}).", MilvusErrorKind.NotFound, errorId)
        {
            MilvusCode = milvusCode,
            Reason = reason,
            Operation = operation,
            Target = target,
        };

    /// <summary>A request the core refuses before sending (bad argument), with the Milvus code it maps to.</summary>
    public static MilvusException Invalid(string operation, string? target, string message, string errorId = "ParameterInvalid") =>
        new(message, MilvusErrorKind.InvalidArgument, errorId)
        {
            MilvusCode = ErrorCatalog.Get("ParameterInvalid").Code,
            Reason = message,
            Operation = operation,
            Target = target,
        };

    /// <summary>A wait that ran out of time (load, flush, compaction).</summary>
    public static MilvusException WaitTimedOut(string operation, string target, TimeSpan limit, string what) =>
        new($"{operation} on '{target}': {what} did not finish within {limit.TotalSeconds:0.#} s. It goes on in the server; check again later or raise -TimeoutSec.",
            MilvusErrorKind.Timeout, "WaitTimeout")
        {
            Operation = operation,
            Target = target,
        };
}
