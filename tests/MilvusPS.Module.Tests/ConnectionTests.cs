using System.Diagnostics;
using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;
using MilvusPS.TestSupport;

namespace MilvusPS.Module.Tests;

/// <summary>Connect-Milvus, Disconnect-Milvus, Get-MilvusConnection, Test-MilvusConnection, Get-MilvusServer end to end.</summary>
public class ConnectionTests
{
    private static async Task<PsSession> ConnectedSessionAsync()
    {
        var endpoint = await Endpoints.DefaultAsync();
        var session = PsSession.Create();
        session.SetVariable("uri", endpoint.Uri.ToString());
        session.SetVariable("cred", endpoint.User is null ? null : PsSession.Credential(endpoint.User, endpoint.Password!));
        session.Invoke("if ($cred) { Connect-Milvus $uri -Credential $cred } else { Connect-Milvus $uri }").AssertSuccess();
        return session;
    }

    [Fact]
    public async Task ConnectMakesTheDefaultConnectionAndTalksToTheServer()
    {
        using var session = await ConnectedSessionAsync();
        var connection = session.Invoke("Get-MilvusConnection").AssertSuccess().Output.Single();
        Assert.Equal("MilvusPS.Core.Connection.MilvusConnection", connection.BaseObject.GetType().FullName);
        Assert.Equal("default", connection.Properties["Database"].Value);
        Assert.True((bool)connection.Properties["IsOpen"].Value);
        Assert.False(string.IsNullOrEmpty((string)connection.Properties["ServerVersion"].Value));

        var ok = session.Invoke("Test-MilvusConnection").AssertSuccess().Output.Single();
        Assert.True((bool)ok.BaseObject);

        var detail = session.Invoke("Test-MilvusConnection -Detailed").AssertSuccess().Output.Single();
        Assert.True((bool)detail.Properties["Success"].Value);
        Assert.True((bool)detail.Properties["IsHealthy"].Value!);
        Assert.True((double)detail.Properties["LatencyMs"].Value! >= 0);

        var server = session.Invoke("Get-MilvusServer").AssertSuccess().Output.Single();
        Assert.Equal(connection.Properties["ServerVersion"].Value, server.Properties["Version"].Value);
        Assert.True((bool)server.Properties["IsHealthy"].Value);
        var features = ((IEnumerable<object>)server.Properties["Capabilities"].Value).Select(PSObject.AsPSObject).ToList();
        Assert.Contains(features, f => (string)f.Properties["Name"].Value == "HybridSearch");
    }

    [Fact]
    public async Task DisconnectClosesAndClearsTheDefault()
    {
        using var session = await ConnectedSessionAsync();
        session.Invoke("$c = Get-MilvusConnection; Disconnect-Milvus").AssertSuccess();
        var closed = session.Invoke("$c.IsOpen").AssertSuccess().Output.Single();
        Assert.False((bool)closed.BaseObject);
        var result = session.Invoke("Get-MilvusServer");
        Assert.Equal("ConnectionNotFound,MilvusPS.Cmdlets.Connection.GetMilvusServerCommand", result.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Error!.CategoryInfo.Category);
        var closedUse = session.Invoke("Test-MilvusConnection -Connection $c");
        Assert.Equal("ConnectionClosed", closedUse.Error?.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void WithoutAConnectionCmdletsSayHowToConnect()
    {
        using var session = PsSession.Create();
        var result = session.Invoke("Get-MilvusServer");
        Assert.NotNull(result.Error);
        Assert.StartsWith("ConnectionNotFound,", result.Error!.FullyQualifiedErrorId);
        Assert.Contains("Connect-Milvus", result.Error.Exception.Message);
    }

    [Fact]
    public async Task ExplicitConnectionAndDefaultParameterValuesWork()
    {
        var endpoint = await Endpoints.DefaultAsync();
        using var session = PsSession.Create();
        session.SetVariable("uri", endpoint.Uri.ToString());
        session.SetVariable("cred", endpoint.User is null ? null : PsSession.Credential(endpoint.User, endpoint.Password!));
        // -NotDefault returns the connection without making it the default.
        var result = session.Invoke("""
            $p = @{}; if ($cred) { $p.Credential = $cred }
            $c = Connect-Milvus $uri @p -NotDefault -Name side
            $PSDefaultParameterValues['*-Milvus*:Connection'] = $c
            Test-MilvusConnection
            """).AssertSuccess();
        Assert.True((bool)result.Output.Last().BaseObject);
        var named = session.Invoke("Get-MilvusConnection -All | ForEach-Object Name").AssertSuccess().Output.Select(o => o.BaseObject).ToList();
        Assert.Equal(["side"], named);
        Assert.StartsWith("ConnectionNotFound", session.Invoke("Get-MilvusConnection").Errors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public async Task EachRunspaceHasItsOwnDefaultConnection()
    {
        using var first = await ConnectedSessionAsync();
        using var second = PsSession.Create();
        var inSecond = second.Invoke("Get-MilvusConnection");
        Assert.Empty(inSecond.Output);
        Assert.StartsWith("ConnectionNotFound", inSecond.Errors.Single().FullyQualifiedErrorId);
        Assert.Single(first.Invoke("Get-MilvusConnection").AssertSuccess().Output);
    }

    [Fact]
    public async Task AnUnknownDatabaseIsRefusedWithDatabaseNotFound()
    {
        var endpoint = await Endpoints.DefaultAsync();
        using var session = PsSession.Create();
        session.SetVariable("uri", endpoint.Uri.ToString());
        session.SetVariable("cred", endpoint.User is null ? null : PsSession.Credential(endpoint.User, endpoint.Password!));
        var result = session.Invoke("$p = @{}; if ($cred) { $p.Credential = $cred }; Connect-Milvus $uri @p -Database no_such_db_4711");
        Assert.NotNull(result.Error);
        Assert.StartsWith("DatabaseNotFound,", result.Error!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Error.CategoryInfo.Category);
        var error = result.Error.Exception;
        Assert.Equal(800, (int)PSObject.AsPSObject(error).Properties["MilvusCode"].Value);
        Assert.Contains("database not found[database=no_such_db_4711]", error.Message);
        Assert.Equal("Connect", PSObject.AsPSObject(error).Properties["Operation"].Value);
    }

    [Fact]
    public void AnUnreachablePortIsAConnectionErrorWithinTheTimeout()
    {
        using var session = PsSession.Create();
        var port = FreePort();
        var watch = Stopwatch.StartNew();
        var result = session.Invoke($"Connect-Milvus http://127.0.0.1:{port} -TimeoutSec 5");
        watch.Stop();
        Assert.NotNull(result.Error);
        Assert.StartsWith("ServerUnavailable,", result.Error!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, result.Error.CategoryInfo.Category);
        Assert.Contains($"127.0.0.1:{port}", result.Error.Exception.Message);
        // Not a hang: the 5 s limit bounds retries and backoff (generous margin for a loaded machine).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("not a uri at all")]
    [InlineData("ftp://host:1")]
    [InlineData("http://host:19530/some/path")]
    public void ABadUriIsAnInvalidArgument(string uri)
    {
        using var session = PsSession.Create();
        var result = session.Invoke($"Connect-Milvus '{uri}'");
        Assert.StartsWith("InvalidUri,", result.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Error!.CategoryInfo.Category);
        Assert.DoesNotContain("(Parameter", result.Error.Exception.Message);
    }

    [Theory]
    [InlineData("-ServerName db.example.com")]
    [InlineData("-SkipCertificateCheck")]
    [InlineData("-ClientKeyPath ./k.pem")]
    public void TlsOptionsOnACleartextAddressAreRefused(string option)
    {
        using var session = PsSession.Create();
        var result = session.Invoke($"Connect-Milvus http://127.0.0.1:1 {option}");
        Assert.StartsWith("ConnectionOptionsInvalid,", result.Error?.FullyQualifiedErrorId);
        Assert.Contains("https://", result.Error!.Exception.Message);
    }

    [Fact]
    public void AMissingCaFileIsNamed()
    {
        using var session = PsSession.Create();
        var result = session.Invoke("Connect-Milvus https://127.0.0.1:1 -ServerCaPath ./no-such-ca.pem");
        Assert.StartsWith("TlsFileNotFound,", result.Error?.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Error!.CategoryInfo.Category);
    }

    [Fact]
    public async Task CtrlCDuringASlowCallStopsThePipelinePromptly()
    {
        Skip.IfNot(Endpoints.IsEmulator, "Needs the emulator's fault injection to make a call slow.");
        await using var emulator = await Endpoints.StartEmulatorAsync();
        using var session = PsSession.Create();
        session.Invoke($"Connect-Milvus {emulator.Uri}").AssertSuccess();
        emulator.Faults.AddLatency("CheckHealth", TimeSpan.FromSeconds(60));
        var (shell, pending) = session.Begin("Get-MilvusServer");
        using (shell)
        {
            var waited = Stopwatch.StartNew();
            while (emulator.Faults.CallCount("CheckHealth") == 0 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
            Assert.Equal(1, emulator.Faults.CallCount("CheckHealth"));
            var stopped = Stopwatch.StartNew();
            shell.Stop();
            Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));
            stopped.Stop();
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopped.Elapsed}");
        }
        // The runspace is still usable afterwards.
        emulator.Faults.Reset();
        Assert.True((bool)session.Invoke("Test-MilvusConnection").AssertSuccess().Output.Single().BaseObject);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
