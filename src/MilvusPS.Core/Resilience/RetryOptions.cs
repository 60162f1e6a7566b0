namespace MilvusPS.Core.Resilience;

/// <summary>How transient failures are retried: exponential backoff with jitter, bounded in attempts and in time.</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt (0 turns retrying off).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff; each next one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No single backoff is longer than this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public static RetryOptions None { get; } = new() { MaxRetries = 0 };
}
