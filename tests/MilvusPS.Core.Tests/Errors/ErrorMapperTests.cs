using Grpc.Core;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Resilience;
using MilvusPS.Protocol;
using MilvusPS.Protocol.Facts;
using Status = MilvusPS.Protocol.Status;

#pragma warning disable CS0612 // the legacy error_code is what older servers fill

namespace MilvusPS.Core.Tests.Errors;

public class ErrorMapperTests
{
    [Fact]
    public void SuccessNeedsBothCodesZero()
    {
        Assert.True(ErrorMapper.IsSuccess(new Status()));
        Assert.False(ErrorMapper.IsSuccess(new Status { Code = 100 }));
        Assert.False(ErrorMapper.IsSuccess(new Status { ErrorCode = ErrorCode.CollectionNotExists }));
    }

    [Fact]
    public void AStatusBecomesAnExceptionWithEverythingAUserNeeds()
    {
        var status = new Status { Code = 100, ErrorCode = ErrorCode.CollectionNotExists, Reason = "collection not found[collection=books]" };
        var e = ErrorMapper.FromStatus(status, "DescribeCollection", "books");
        Assert.Equal(MilvusErrorKind.NotFound, e.Kind);
        Assert.Equal("CollectionNotFound", e.ErrorId);
        Assert.Equal(100, e.MilvusCode);
        Assert.Equal("CollectionNotExists", e.LegacyErrorCode);
        Assert.Equal("collection not found[collection=books]", e.Reason);
        Assert.Equal("DescribeCollection", e.Operation);
        Assert.Equal("books", e.Target);
        Assert.Contains("DescribeCollection on 'books' failed: collection not found[collection=books] (Milvus code 100)", e.Message);
    }

    [Theory]
    [InlineData(ErrorCode.CollectionNotExists, 100, MilvusErrorKind.NotFound)]
    [InlineData(ErrorCode.IllegalArgument, 1100, MilvusErrorKind.InvalidArgument)]
    [InlineData(ErrorCode.IndexNotExist, 700, MilvusErrorKind.NotFound)]
    [InlineData(ErrorCode.RateLimit, 8, MilvusErrorKind.RateLimited)]
    [InlineData(ErrorCode.NotReadyServe, 1, MilvusErrorKind.Unavailable)]
    [InlineData(ErrorCode.UnexpectedError, 65535, MilvusErrorKind.Internal)]
    public void ALegacyOnlyStatusIsReadThroughItsErrorCode(ErrorCode legacy, int code, MilvusErrorKind kind)
    {
        var status = new Status { ErrorCode = legacy, Reason = "x" };
        Assert.Equal(code, ErrorMapper.EffectiveCode(status));
        Assert.Equal(kind, ErrorMapper.FromStatus(status, "Op", null).Kind);
    }

    [Theory]
    [InlineData(100, MilvusErrorKind.NotFound, "CollectionNotFound")]
    [InlineData(800, MilvusErrorKind.NotFound, "DatabaseNotFound")]
    [InlineData(1602, MilvusErrorKind.AlreadyExists, "AliasAlreadyExist")]
    [InlineData(702, MilvusErrorKind.AlreadyExists, "IndexDuplicate")]
    [InlineData(101, MilvusErrorKind.InvalidState, "CollectionNotLoaded")]
    [InlineData(104, MilvusErrorKind.InvalidState, "CollectionLoaded")]
    [InlineData(1100, MilvusErrorKind.InvalidArgument, "ParameterInvalid")]
    [InlineData(802, MilvusErrorKind.InvalidArgument, "DatabaseInvalidName")]
    [InlineData(1400, MilvusErrorKind.Unauthenticated, "AuthenticationFailed")]
    [InlineData(1401, MilvusErrorKind.PermissionDenied, "PermissionDenied")]
    [InlineData(8, MilvusErrorKind.RateLimited, "ServiceRateLimit")]
    [InlineData(102, MilvusErrorKind.LimitExceeded, "CollectionNumLimitExceeded")]
    [InlineData(2, MilvusErrorKind.Unavailable, "ServiceUnavailable")]
    [InlineData(10000, MilvusErrorKind.Canceled, "Canceled")]
    [InlineData(10001, MilvusErrorKind.Timeout, "Timeout")]
    [InlineData(10, MilvusErrorKind.Unsupported, "ServiceUnimplemented")]
    [InlineData(65535, MilvusErrorKind.Internal, "Unexpected")]
    public void MilvusCodesSortIntoKindsAndStableIds(int code, MilvusErrorKind kind, string errorId)
    {
        var e = ErrorMapper.FromStatus(new Status { Code = code, Reason = "r" }, "Op", "t");
        Assert.Equal(kind, e.Kind);
        Assert.Equal(errorId, e.ErrorId);
    }

    [Fact]
    public void EveryCatalogCodeHasAKindAndAnId()
    {
        foreach (var info in ErrorCatalog.All)
        {
            var e = ErrorMapper.FromStatus(new Status { Code = info.Code }, "Op", null);
            Assert.False(string.IsNullOrWhiteSpace(e.ErrorId));
            Assert.DoesNotContain(' ', e.ErrorId);
            Assert.Equal(info.MessageText, e.Reason);
        }
    }

    [Theory]
    [InlineData(StatusCode.Unauthenticated, MilvusErrorKind.Unauthenticated, "AuthenticationFailed")]
    [InlineData(StatusCode.Unavailable, MilvusErrorKind.Unavailable, "ServerUnavailable")]
    [InlineData(StatusCode.DeadlineExceeded, MilvusErrorKind.Timeout, "OperationTimeout")]
    [InlineData(StatusCode.Unimplemented, MilvusErrorKind.Unsupported, "OperationNotSupported")]
    [InlineData(StatusCode.PermissionDenied, MilvusErrorKind.PermissionDenied, "PermissionDenied")]
    [InlineData(StatusCode.Internal, MilvusErrorKind.Internal, "ServerInternalError")]
    public void TransportFailuresMapToKinds(StatusCode code, MilvusErrorKind kind, string errorId)
    {
        var e = ErrorMapper.FromTransport(new RpcException(new Grpc.Core.Status(code, "detail text")), "GetVersion", null, new Uri("http://h:1"));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(code, e.GrpcStatus);
        Assert.Equal("GetVersion", e.Operation);
        Assert.Equal("http://h:1/", e.Target);
    }
}

public class RetryClassificationTests
{
    private static MilvusException Milvus(int code) => ErrorMapper.FromStatus(new Status { Code = code, Retriable = ErrorCatalog.Find(code)?.Retriable ?? false }, "Op", null);

    private static MilvusException Transport(StatusCode code, Exception? inner = null) =>
        ErrorMapper.FromTransport(new RpcException(new Grpc.Core.Status(code, "x", inner)), "Op", null, null);

    [Fact]
    public void RateLimitsAreRetriedEvenForInserts()
    {
        Assert.True(CallRetry.IsTransient(Milvus(8), Idempotency.Idempotent));
        Assert.True(CallRetry.IsTransient(Milvus(8), Idempotency.NotIdempotent));
    }

    [Fact]
    public void RetriableStatusesAreRetriedOnlyForIdempotentCalls()
    {
        Assert.True(CallRetry.IsTransient(Milvus(1), Idempotency.Idempotent));
        Assert.False(CallRetry.IsTransient(Milvus(1), Idempotency.NotIdempotent));
        Assert.True(CallRetry.IsTransient(Milvus(103), Idempotency.Idempotent));
    }

    [Fact]
    public void PermanentFailuresAreNeverRetried()
    {
        foreach (var code in new[] { 100, 1100, 1401, 65535 })
            Assert.False(CallRetry.IsTransient(Milvus(code), Idempotency.Idempotent));
        Assert.False(CallRetry.IsTransient(Transport(StatusCode.Unauthenticated), Idempotency.Idempotent));
        Assert.False(CallRetry.IsTransient(Transport(StatusCode.DeadlineExceeded), Idempotency.Idempotent));
    }

    [Fact]
    public void AnUnavailableServerIsRetriedForInsertsOnlyWhenNoConnectionWasMade()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.True(CallRetry.IsTransient(Transport(StatusCode.Unavailable, refused), Idempotency.NotIdempotent));
        // A stream reset after the request went out: the insert may have happened.
        Assert.False(CallRetry.IsTransient(Transport(StatusCode.Unavailable, new IOException("connection reset")), Idempotency.NotIdempotent));
        Assert.True(CallRetry.IsTransient(Transport(StatusCode.Unavailable, new IOException("connection reset")), Idempotency.Idempotent));
    }
}
