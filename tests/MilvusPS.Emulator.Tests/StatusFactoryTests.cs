using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;

#pragma warning disable CS0612 // Status.error_code is deprecated, and it is exactly what we check

namespace MilvusPS.Emulator.Tests;

public class StatusFactoryTests
{
    [Fact]
    public void Success_is_an_all_default_status()
    {
        var status = StatusFactory.Success();
        Assert.Equal(new Status(), status);
        Assert.Equal(0, status.CalculateSize());
    }

    [Fact]
    public void Input_error_carries_legacy_code_and_the_input_flag()
    {
        var status = StatusFactory.FromError(MilvusError.ParameterInvalidMsg("dim must be positive"));

        Assert.Equal(1100, status.Code);
        Assert.Equal(ErrorCode.IllegalArgument, status.ErrorCode);
        // merr.WrapErrParameterInvalidMsg is errors.Wrapf(ErrParameterInvalid, msg): the message comes first.
        Assert.Equal("dim must be positive: invalid parameter", status.Reason);
        Assert.Equal(status.Reason, status.Detail);
        Assert.False(status.Retriable);
        Assert.Equal("true", Assert.Single(status.ExtraInfo, kv => kv.Key == "is_input_error").Value);
    }

    [Fact]
    public void Outer_context_only_prefixes_detail()
    {
        var error = MilvusError.Of("CollectionNotFound", ("collection", "books")).Wrap("inner").Wrap("outer");
        var status = StatusFactory.FromError(error);

        Assert.Equal("inner: collection not found[collection=books]", status.Reason);
        Assert.Equal("outer: inner: collection not found[collection=books]", status.Detail);
    }

    [Fact]
    public void Fields_follow_the_base_text_in_order_and_the_innermost_context_prefixes_both()
    {
        var error = MilvusError.Of("CollectionNotFound", ("database", "default"), ("collection", "books")).Wrap("failed to describe");
        var status = StatusFactory.FromError(error);

        Assert.Equal(100, status.Code);
        // previousLastError: the innermost wrap layer is the reason.
        Assert.Equal("failed to describe: collection not found[database=default][collection=books]", status.Reason);
        Assert.Equal("failed to describe: collection not found[database=default][collection=books]", status.Detail);
        Assert.Equal(ErrorCatalog.Get("CollectionNotFound").LegacyErrorCode, status.ErrorCode);
        Assert.Empty(status.ExtraInfo);
    }

    [Fact]
    public void Retriable_comes_from_the_catalogue()
    {
        var status = StatusFactory.FromError(MilvusError.OfCode(2));
        Assert.Equal(2, status.Code);
        Assert.True(status.Retriable);
        Assert.Equal("service unavailable", status.Reason);
        Assert.Equal(ErrorCode.UnexpectedError, status.ErrorCode);
    }

    [Fact]
    public void Not_ready_maps_to_the_legacy_NotReadyServe()
    {
        var status = StatusFactory.FromError(MilvusError.OfCode(1));
        Assert.Equal(ErrorCode.NotReadyServe, status.ErrorCode);
        Assert.True(status.Retriable);
    }

    [Fact]
    public void Field_values_are_formatted_like_go()
    {
        var error = MilvusError.Of("ParameterInvalid", ("dim", 1.5), ("ok", true), ("none", null));
        Assert.Equal("invalid parameter[dim=1.5][ok=true][none=<nil>]", error.Reason);
    }

    [Theory]
    [InlineData(typeof(OperationCanceledException), 10000, "context canceled")]
    [InlineData(typeof(TimeoutException), 10001, "context deadline exceeded")]
    [InlineData(typeof(InvalidCastException), 65535, "boom")]
    public void Other_exceptions_get_the_merr_catch_all_codes(Type type, int code, string reason)
    {
        var exception = (Exception)Activator.CreateInstance(type, "boom")!;
        var status = StatusFactory.FromException(exception);
        Assert.Equal(code, status.Code);
        Assert.Equal(reason, status.Reason);
        Assert.Equal(ErrorCode.UnexpectedError, status.ErrorCode);
    }

    [Fact]
    public void Unknown_codes_become_the_catch_all()
    {
        var error = MilvusError.OfCode(424242);
        Assert.Equal(65535, error.Code);
        Assert.Equal("unexpected error[code=424242]", error.Reason);
    }

    [Fact]
    public void Fail_builds_any_response_type_with_the_status()
    {
        var error = MilvusError.DatabaseNotFound("x");

        var connect = ResponseStatus.Fail<ConnectResponse>(error);
        var bare = ResponseStatus.Fail<Status>(error);
        var states = ResponseStatus.Fail<ComponentStates>(error);

        Assert.Equal(800, connect.Status.Code);
        Assert.Equal(800, bare.Code);
        Assert.Equal("database not found[database=x]", states.Status.Reason);
        Assert.Null(connect.ServerInfo);
        Assert.False(ResponseStatus.CanCarryStatus(typeof(ClientInfo)));
        Assert.Throws<InvalidOperationException>(() => ResponseStatus.Fail<ClientInfo>(error));
    }
}
