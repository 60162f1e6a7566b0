using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace MilvusPS.Module.Tests.Hosting;

/// <summary>What one script run produced.</summary>
public sealed class PsResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    /// <summary>The terminating error, when the script ended with one.</summary>
    public ErrorRecord? Terminating { get; init; }
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);
    public bool HadErrors => Terminating is not null || Errors.Count > 0;

    /// <summary>
    /// The one error of the run. A cmdlet's terminating error inside a script ends that statement and is
    /// recorded in the error stream (the script itself goes on), so it is found here either way.
    /// </summary>
    public ErrorRecord? Error => AllErrors.SingleOrDefault();

    /// <summary>Fails with every error's text when the run had any.</summary>
    public PsResult AssertSuccess()
    {
        if (HadErrors) throw new Xunit.Sdk.XunitException("The script failed:\n" + string.Join("\n", AllErrors.Select(e => $"[{e.FullyQualifiedErrorId}] {e}")));
        return this;
    }
}

/// <summary>
/// A runspace on the real PowerShell engine (System.Management.Automation) with the built module imported
/// and a recording host. Scripts run as users write them.
/// </summary>
public sealed class PsSession : IDisposable
{
    public TestHost Host { get; } = new();
    public Runspace Runspace { get; }

    private PsSession(bool importModule)
    {
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        Runspace = RunspaceFactory.CreateRunspace(Host, iss);
        Runspace.Open();
        if (importModule) Invoke($"Import-Module '{ModulePath}' -ErrorAction Stop").AssertSuccess();
    }

    public static PsSession Create(bool importModule = true) => new(importModule);

    /// <summary>The repository root (where MilvusPS.sln is).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MilvusPS.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (MilvusPS.sln) above the test folder.");
        }
    }

    /// <summary>The built module's manifest (build lays it out under artifacts/module).</summary>
    public static string ModulePath
    {
        get
        {
            var path = Path.Combine(RepoRoot, "artifacts", "module", "MilvusPS", "MilvusPS.psd1");
            if (!File.Exists(path)) throw new InvalidOperationException($"The module is not built at {path}. Build the solution first.");
            return path;
        }
    }

    /// <summary>A session connected (as the default connection) to the shared test endpoint.</summary>
    public static async Task<PsSession> ConnectedAsync()
    {
        var endpoint = await TestSupport.Endpoints.DefaultAsync();
        var session = Create();
        session.SetVariable("uri", endpoint.Uri.ToString());
        session.SetVariable("cred", endpoint.User is null ? null : Credential(endpoint.User, endpoint.Password!));
        session.Invoke("if ($cred) { Connect-Milvus $uri -Credential $cred } else { Connect-Milvus $uri }").AssertSuccess();
        return session;
    }

    /// <summary>A name no other test (or earlier run against a real server) uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    public void SetVariable(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

    public PsResult Invoke(string script, IDictionary? parameters = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        if (parameters is not null) ps.AddParameters(parameters);
        return Run(ps, () => ps.Invoke());
    }

    /// <summary>Starts a script and returns its PowerShell object, so a test can Stop() it (Ctrl+C).</summary>
    public (PowerShell Shell, IAsyncResult Pending) Begin(string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        return (ps, ps.BeginInvoke());
    }

    internal static PsResult Run(PowerShell ps, Func<ICollection<PSObject>> invoke)
    {
        ICollection<PSObject> output = [];
        ErrorRecord? terminating = null;
        try
        {
            output = invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e.ErrorRecord;
        }
        return new PsResult { Output = output.ToList(), Errors = ps.Streams.Error.ToList(), Terminating = terminating };
    }

    public static PSCredential Credential(string user, string password) => new(user, Secure(password));

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public void Dispose() => Runspace.Dispose();
}
