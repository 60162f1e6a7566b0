using System.Net.Sockets;
using Grpc.Core;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using Status = MilvusPS.Protocol.Status;

// Status.error_code is deprecated on the wire, but servers still fill it and older ones fill only it.
#pragma warning disable CS0612

namespace MilvusPS.Core.Errors;

/// <summary>Turns Milvus statuses and gRPC failures into <see cref="MilvusException"/>: the one place that classifies errors.</summary>
public static class ErrorMapper
{
    /// <summary>True when the status is Milvus success: both the code and the legacy error_code are zero.</summary>
    public static bool IsSuccess(Status? status) =>
        status is null || (status.Code == 0 && status.ErrorCode == ErrorCode.Success);

    /// <summary>Throws when a response's Status is not success.</summary>
    public static void ThrowIfFailed(Status? status, string operation, string? target)
    {
        if (!IsSuccess(status)) throw FromStatus(status!, operation, target);
    }

    /// <summary>The Milvus code a status means: code when set, else the one the legacy error_code stands for.</summary>
    public static int EffectiveCode(Status status)
    {
        if (status.Code != 0) return status.Code;
        return status.ErrorCode switch
        {
            ErrorCode.Success => 0,
            ErrorCode.CollectionNotExists => ErrorCatalog.Get("CollectionNotFound").Code,
            ErrorCode.IllegalArgument => ErrorCatalog.Get("ParameterInvalid").Code,
            ErrorCode.IndexNotExist => ErrorCatalog.Get("IndexNotFound").Code,
            ErrorCode.NotReadyServe => ErrorCatalog.Get("ServiceNotReady").Code,
            ErrorCode.RateLimit => ErrorCatalog.Get("ServiceRateLimit").Code,
            ErrorCode.PermissionDenied => ErrorCatalog.Get("PrivilegeNotPermitted").Code,
            ErrorCode.ForceDeny => ErrorCatalog.Get("ServiceQuotaExceeded").Code,
            _ => ErrorCatalog.Unexpected,
        };
    }

    public static MilvusException FromStatus(Status status, string operation, string? target)
    {
        var code = EffectiveCode(status);
        var info = ErrorCatalog.Find(code);
        var kind = Classify(code, info);
        var reason = string.IsNullOrEmpty(status.Reason) ? info?.MessageText ?? "unknown error" : status.Reason;
        var errorId = info is null ? "UnknownMilvusError" : ErrorIdFor(info);
        var subject = target is null ? operation : $"{operation} on '{target}'";
        return new MilvusException($"{subject} failed: {reason} (Milvus code {code}). {Advice(kind)}".TrimEnd(), kind, errorId)
        {
            MilvusCode = code,
            LegacyErrorCode = status.ErrorCode.ToString(),
            Reason = reason,
            Retriable = status.Retriable || (info?.Retriable ?? false),
            Operation = operation,
            Target = target,
        };
    }

    /// <summary>Maps a transport-level failure (gRPC status, socket error, cancellation) to a MilvusException.</summary>
    public static MilvusException FromTransport(Exception error, string operation, string? target, Uri? server)
    {
        var rpc = error as RpcException;
        var status = rpc?.StatusCode ?? StatusCode.Unknown;
        var detail = rpc?.Status.Detail is { Length: > 0 } d ? d : error.Message;
        var where = server is null ? string.Empty : $" at {server}";
        var subject = target is null ? operation : $"{operation} on '{target}'";
        (MilvusErrorKind kind, string id, string message) = status switch
        {
            _ when Find<System.Security.Authentication.AuthenticationException>(error) is { } tls => (MilvusErrorKind.Unavailable, "TlsHandshakeFailed",
                $"The TLS handshake with the Milvus server{where} failed: {Innermost(tls)}. Check -ServerCaPath (the CA that signed the server's certificate), -ServerName, and for mutual TLS -ClientCertificatePath."),
            StatusCode.Unauthenticated => (MilvusErrorKind.Unauthenticated, "AuthenticationFailed",
                $"The Milvus server{where} refused the credentials: {detail}. Check the user name and password (or token) given to Connect-Milvus."),
            StatusCode.PermissionDenied => (MilvusErrorKind.PermissionDenied, "PermissionDenied",
                $"{subject} was denied{where}: {detail}."),
            StatusCode.Unavailable => (MilvusErrorKind.Unavailable, "ServerUnavailable",
                $"Cannot reach the Milvus server{where}: {Innermost(error)}. Check that it is running and that the address and port are right."),
            StatusCode.DeadlineExceeded => (MilvusErrorKind.Timeout, "OperationTimeout",
                $"{subject} did not finish in time{where}. Raise -TimeoutSec if the server is slow, or check that it is reachable."),
            StatusCode.Cancelled => (MilvusErrorKind.Canceled, "OperationCanceled", $"{subject} was cancelled."),
            StatusCode.Unimplemented => (MilvusErrorKind.Unsupported, "OperationNotSupported",
                $"The Milvus server{where} does not implement {operation}. It is probably older than the version that added it."),
            StatusCode.ResourceExhausted => (MilvusErrorKind.LimitExceeded, "MessageTooLarge",
                $"{subject} was refused{where}: {detail}."),
            StatusCode.InvalidArgument => (MilvusErrorKind.InvalidArgument, "RequestInvalid", $"{subject} was refused{where}: {detail}."),
            _ when error is OperationCanceledException => (MilvusErrorKind.Canceled, "OperationCanceled", $"{subject} was cancelled."),
            _ => (MilvusErrorKind.Internal, "ServerInternalError", $"{subject} failed{where}: {detail}."),
        };
        return new MilvusException(message, kind, id, error)
        {
            GrpcStatus = status,
            Reason = detail,
            // A refused or dropped connection may come back; a failed TLS handshake will fail the same way again.
            Retriable = status == StatusCode.Unavailable && id != "TlsHandshakeFailed",
            Operation = operation,
            Target = target ?? server?.ToString(),
        };
    }

    /// <summary>The ErrorId for a Milvus code: its stable name, with the two auth codes named the way users search for them.</summary>
    public static string ErrorIdFor(MilvusErrorInfo info) => info.Name switch
    {
        "PrivilegeNotAuthenticated" or "NeedAuthenticate" => "AuthenticationFailed",
        "PrivilegeNotPermitted" => "PermissionDenied",
        _ => info.Name,
    };

    /// <summary>Sorts a Milvus code into a kind. Names come from Milvus's own error names, so the rule reads them.</summary>
    public static MilvusErrorKind Classify(int code, MilvusErrorInfo? info)
    {
        switch (code)
        {
            case ErrorCatalog.Canceled: return MilvusErrorKind.Canceled;
            case ErrorCatalog.Timeout: return MilvusErrorKind.Timeout;
        }
        if (info is null) return MilvusErrorKind.Internal;
        var n = info.Name;
        if (n is "PrivilegeNotAuthenticated" or "NeedAuthenticate") return MilvusErrorKind.Unauthenticated;
        if (n is "PrivilegeNotPermitted") return MilvusErrorKind.PermissionDenied;
        if (n is "ServiceRateLimit" or "ServiceRequestLimitExceeded" or "HTTPRateLimit" or "IoTooManyRequests") return MilvusErrorKind.RateLimited;
        if (n is "ServiceUnimplemented" or "OperationNotSupported" or "IndexNotSupported" or "SegcoreUnsupported") return MilvusErrorKind.Unsupported;
        if (n.Contains("NotFound", StringComparison.Ordinal)) return MilvusErrorKind.NotFound;
        if (n.Contains("AlreadyExist", StringComparison.Ordinal) || n.Contains("Duplicate", StringComparison.Ordinal) || n.Contains("Reduplicate", StringComparison.Ordinal) || n == "AliasCollectionNameConfilct")
            return MilvusErrorKind.AlreadyExists;
        if (n.Contains("LimitExceeded", StringComparison.Ordinal) || n.Contains("QuotaExceeded", StringComparison.Ordinal) || n.Contains("CapacityExceeded", StringComparison.Ordinal) || n.Contains("ReachLimit", StringComparison.Ordinal) || n == "ServiceResourceInsufficient")
            return MilvusErrorKind.LimitExceeded;
        if (n is "ServiceNotReady" or "ServiceUnavailable" || n.Contains("NotAvailable", StringComparison.Ordinal) || n.Contains("Offline", StringComparison.Ordinal) || n.Contains("OnRecovering", StringComparison.Ordinal))
            return MilvusErrorKind.Unavailable;
        if (n.EndsWith("NotLoaded", StringComparison.Ordinal) || n.EndsWith("NotFullyLoaded", StringComparison.Ordinal) || n == "CollectionLoaded" || n == "CollectionSchemaVersionNotReady")
            return MilvusErrorKind.InvalidState;
        if (info.IsInputError || n.Contains("Invalid", StringComparison.Ordinal) || n.Contains("Illegal", StringComparison.Ordinal) || n.Contains("Parameter", StringComparison.Ordinal) || n.Contains("Missing", StringComparison.Ordinal))
            return MilvusErrorKind.InvalidArgument;
        return MilvusErrorKind.Internal;
    }

    private static string Advice(MilvusErrorKind kind) => kind switch
    {
        MilvusErrorKind.RateLimited => "The server is rate limiting; try again later.",
        MilvusErrorKind.Unavailable => "The server is not ready; try again shortly.",
        MilvusErrorKind.Unauthenticated => "Connect again with valid credentials.",
        MilvusErrorKind.PermissionDenied => "Ask an administrator to grant the privilege.",
        _ => string.Empty,
    };

    private static T? Find<T>(Exception error) where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static string Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null) e = e.InnerException;
        if (e is SocketException se) return $"{se.SocketErrorCode} ({se.Message})";
        return e is RpcException r ? r.Status.Detail : e.Message;
    }
}
