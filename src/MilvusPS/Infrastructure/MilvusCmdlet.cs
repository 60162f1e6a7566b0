using System.Collections.Concurrent;
using System.Management.Automation;
using MilvusPS.Core.Errors;

namespace MilvusPS.Infrastructure;

/// <summary>
/// The base of every MilvusPS cmdlet: one CancellationTokenSource per invocation (cancelled by Ctrl+C via
/// StopProcessing), async work run off the pipeline thread while Write* calls are marshalled back to it,
/// and the error-record and gate helpers.
/// </summary>
public abstract class MilvusCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private BlockingCollection<Action>? _pipelineQueue;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>
    /// Runs async work and waits for it on the pipeline thread, running whatever it posts (progress,
    /// verbose, output) there. A cancelled pipeline ends with PipelineStoppedException, as PowerShell expects.
    /// </summary>
    protected T RunAsync<T>(Func<CancellationToken, Task<T>> body)
    {
        using var queue = new BlockingCollection<Action>();
        _pipelineQueue = queue;
        var task = Task.Run(async () =>
        {
            try { return await body(CancellationToken).ConfigureAwait(false); }
            finally { queue.CompleteAdding(); }
        });
        try
        {
            foreach (var action in queue.GetConsumingEnumerable()) action();
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            _pipelineQueue = null;
        }
    }

    protected void RunAsync(Func<CancellationToken, Task> body) =>
        RunAsync<bool>(async token => { await body(token).ConfigureAwait(false); return true; });

    /// <summary>From async code: runs an action (WriteProgress, WriteVerbose, WriteObject) on the pipeline thread.</summary>
    protected void Post(Action action)
    {
        var queue = _pipelineQueue;
        if (queue is null) action();
        else queue.Add(action);
    }

    /// <summary>The ErrorRecord for a MilvusException: its ErrorId, the category for its kind, the target.</summary>
    protected static ErrorRecord ToErrorRecord(MilvusException error, object? target)
    {
        var record = new ErrorRecord(error, error.ErrorId, CategoryFor(error.Kind), target ?? error.Target);
        var advice = Advice(error.Kind);
        if (advice is not null) record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = advice };
        return record;
    }

    /// <summary>Ends the command with the error (whole-call failures).</summary>
    protected void ThrowMilvusError(MilvusException error, object? target = null) =>
        ThrowTerminatingError(ToErrorRecord(error, target));

    /// <summary>Reports the error and carries on (per-item failures).</summary>
    protected void WriteMilvusError(MilvusException error, object? target = null) =>
        WriteError(ToErrorRecord(error, target));

    /// <summary>A terminating error that is not a Milvus failure (bad input, missing file...).</summary>
    protected void ThrowError(Exception error, string errorId, ErrorCategory category, object? target) =>
        ThrowTerminatingError(new ErrorRecord(error, errorId, category, target));

    public static ErrorCategory CategoryFor(MilvusErrorKind kind) => kind switch
    {
        MilvusErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MilvusErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        MilvusErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MilvusErrorKind.InvalidState => ErrorCategory.InvalidOperation,
        MilvusErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        MilvusErrorKind.Unauthenticated => ErrorCategory.AuthenticationError,
        MilvusErrorKind.Unavailable => ErrorCategory.ConnectionError,
        MilvusErrorKind.RateLimited or MilvusErrorKind.LimitExceeded => ErrorCategory.LimitsExceeded,
        MilvusErrorKind.Timeout => ErrorCategory.OperationTimeout,
        MilvusErrorKind.Canceled => ErrorCategory.OperationStopped,
        MilvusErrorKind.Unsupported => ErrorCategory.NotImplemented,
        _ => ErrorCategory.NotSpecified,
    };

    private static string? Advice(MilvusErrorKind kind) => kind switch
    {
        MilvusErrorKind.Unauthenticated => "Run Connect-Milvus again with valid credentials (-Credential or -Token).",
        MilvusErrorKind.Unavailable => "Check that the server is running and reachable at that address, then try again.",
        MilvusErrorKind.Timeout => "Raise -TimeoutSec, or check the server's load and the network.",
        MilvusErrorKind.PermissionDenied => "Ask an administrator to grant the privilege to one of your roles.",
        MilvusErrorKind.Unsupported => "Upgrade the server, or use a feature this server version has.",
        MilvusErrorKind.RateLimited => "Wait and try again; the server is limiting the request rate.",
        _ => null,
    };

    /// <summary>
    /// For the Set-* cmdlets: ends with NothingToChange when neither -Property nor -RemoveProperty was given,
    /// else returns the change in words for the ShouldProcess message ("set a, b; remove c").
    /// </summary>
    protected string DescribePropertyChange(System.Collections.Hashtable? set, string[]? remove, string target)
    {
        if (set is null && remove is null)
            ThrowError(new ArgumentException("Give -Property, -RemoveProperty or both."), "NothingToChange", ErrorCategory.InvalidArgument, target);
        return string.Join("; ", new[]
        {
            set is null ? null : "set " + string.Join(", ", set.Keys.Cast<object>()),
            remove is null ? null : "remove " + string.Join(", ", remove),
        }.Where(s => s is not null));
    }

    /// <summary>
    /// The one gate for changes: -WhatIf always wins; -Force skips the confirmation prompt; otherwise
    /// ShouldProcess decides (it prompts according to ConfirmImpact and $ConfirmPreference).
    /// </summary>
    protected bool ShouldChange(string target, string action, bool force)
    {
        if (force && !WhatIfRequested) return true;
        return ShouldProcess(target, action);
    }

    /// <summary>A second question for a dangerous condition (loaded, aliased, not empty), skipped by -Force.</summary>
    protected bool ShouldContinueDangerous(string question, string caption, bool force) =>
        force || WhatIfRequested || ShouldContinue(question, caption);

    /// <summary>-WhatIf was given, or $WhatIfPreference is on.</summary>
    protected bool WhatIfRequested =>
        (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter { IsPresent: true })
        || (GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref));

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
