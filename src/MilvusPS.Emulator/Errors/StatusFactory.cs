using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Errors;

/// <summary>
/// The one place a domain error becomes a wire <c>common.Status</c>, filled as a 2.4+ server's
/// merr.Status fills it: code, legacy error_code, reason, detail, retriable, extra_info.
/// </summary>
public static class StatusFactory
{
    /// <summary>The extra_info key Milvus sets for errors that are the caller's fault.</summary>
    public const string InputErrorFlagKey = "is_input_error";

    /// <summary>Success: an all-default Status (code 0, error_code Success, empty reason).</summary>
    public static WireStatus Success() => new();

    public static WireStatus FromError(MilvusError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // error_code is deprecated in the proto, but Milvus still fills it for older clients.
#pragma warning disable CS0612
        var status = new WireStatus
        {
            Code = error.Code,
            ErrorCode = error.Info.LegacyErrorCode,
            Reason = error.Reason,
            Detail = error.Detail,
            Retriable = error.Info.Retriable,
        };
#pragma warning restore CS0612
        if (error.Info.IsInputError) status.ExtraInfo[InputErrorFlagKey] = "true";
        return status;
    }

    /// <summary>
    /// Any exception, as merr.Status would code it: a <see cref="MilvusError"/> as itself,
    /// cancellation as 10000, a timeout as 10001, anything else as the catch-all 65535.
    /// </summary>
    public static WireStatus FromException(Exception exception) => FromError(ToMilvusError(exception));

    public static MilvusError ToMilvusError(Exception exception) => exception switch
    {
        MilvusError m => m,
        // Go's context errors, whose texts clients see.
        TimeoutException => Plain(ErrorCatalog.Timeout, "context deadline exceeded"),
        OperationCanceledException => Plain(ErrorCatalog.Canceled, "context canceled"),
        _ => Plain(ErrorCatalog.Unexpected, exception.Message),
    };

    // A non-merr error keeps its own text as reason (Go: Status(err).Reason == err.Error()).
    private static MilvusError Plain(int code, string text)
    {
        var info = ErrorCatalog.Find(code) ?? new MilvusErrorInfo(code, "Unexpected", text, false, false, ErrorCode.UnexpectedError, "");
        return new MilvusError(info with { MessageText = text });
    }
}

/// <summary>
/// Builds a whole response message that carries a failed Status, for any MilvusService response type:
/// either <c>common.Status</c> itself or a message with a <c>status</c> field.
/// </summary>
public static class ResponseStatus
{
    private static readonly ConcurrentDictionary<Type, Func<WireStatus, object>> Builders = new();

    public static TResponse Fail<TResponse>(MilvusError error) where TResponse : class =>
        With<TResponse>(StatusFactory.FromError(error));

    /// <summary>A new, otherwise empty response whose status is <paramref name="status"/>.</summary>
    public static TResponse With<TResponse>(WireStatus status) where TResponse : class =>
        (TResponse)Builders.GetOrAdd(typeof(TResponse), CreateBuilder)(status);

    /// <summary>Whether responses of this type can carry a Milvus Status.</summary>
    public static bool CanCarryStatus(Type responseType) =>
        responseType == typeof(WireStatus) || FindStatusField(responseType) is not null;

    private static Func<WireStatus, object> CreateBuilder(Type type)
    {
        if (type == typeof(WireStatus)) return s => s;
        var field = FindStatusField(type)
            ?? throw new InvalidOperationException($"{type.Name} has no 'status' field of type common.Status; it cannot carry a Milvus error.");
        var parser = GetParser(type);
        return s =>
        {
            var message = parser.ParseFrom(ByteString.Empty);
            field.Accessor.SetValue(message, s);
            return message;
        };
    }

    private static FieldDescriptor? FindStatusField(Type type)
    {
        if (!typeof(IMessage).IsAssignableFrom(type)) return null;
        var descriptor = (MessageDescriptor?)type.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null);
        var field = descriptor?.FindFieldByName("status");
        return field is { FieldType: FieldType.Message } && field.MessageType == WireStatus.Descriptor ? field : null;
    }

    private static MessageParser GetParser(Type type) =>
        (MessageParser)(type.GetProperty("Parser", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{type.Name} is not a generated protobuf message."));
}
