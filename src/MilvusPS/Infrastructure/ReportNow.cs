namespace MilvusPS.Infrastructure;

/// <summary>An IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool and can reorder).</summary>
internal sealed class ReportNow<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
