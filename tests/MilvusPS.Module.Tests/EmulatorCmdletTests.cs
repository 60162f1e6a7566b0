using System.Management.Automation;
using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>Start-MilvusEmulator / Stop-MilvusEmulator: a real child process, piped into Connect-Milvus.</summary>
public class EmulatorCmdletTests
{
    [Fact]
    public void StartPipesIntoConnectAndStopEndsTheProcess()
    {
        using var session = PsSession.Create();
        var result = session.Invoke("""
            $emu = Start-MilvusEmulator -MilvusVersion 2.5.27
            $emu | Connect-Milvus
            $emu
            Get-MilvusConnection
            """).AssertSuccess();
        var emu = result.Output[0];
        var connection = result.Output[1];
        Assert.Equal("2.5.27", emu.Properties["MilvusVersion"].Value);
        Assert.Equal("v2.5.27", connection.Properties["ServerVersion"].Value);
        Assert.False((bool)emu.Properties["HasExited"].Value);
        var progress = session.Host.Recorder.Progress;
        Assert.Contains(progress, p => p.Activity == "Starting the Milvus emulator" && p.RecordType == ProgressRecordType.Processing);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);

        var pid = (int)emu.Properties["ProcessId"].Value;
        session.Invoke("$emu | Stop-MilvusEmulator -Confirm:$false").AssertSuccess();
        Assert.True((bool)session.Invoke("$emu.HasExited").Output.Single().BaseObject);
        var process = TryGet(pid);
        Assert.True(process is null || process.WaitForExit(10_000), "the emulator process is still running");
    }

    [Fact]
    public void WhatIfStartsNothingAndSaysWhat()
    {
        using var session = PsSession.Create();
        var result = session.Invoke("Start-MilvusEmulator -WhatIf").AssertSuccess();
        Assert.Empty(result.Output);
        var line = Assert.Single(session.Host.Recorder.WhatIf);
        Assert.Contains("Start the Milvus emulator", line);
        Assert.Contains("free loopback port", line);
    }

    [Fact]
    public void StopAsksAndNoKeepsItRunning()
    {
        using var session = PsSession.Create();
        session.Invoke("$emu = Start-MilvusEmulator").AssertSuccess();
        session.Host.Recorder.Answers.Enqueue("N");
        session.Invoke("$emu | Stop-MilvusEmulator -Confirm").AssertSuccess();
        Assert.Single(session.Host.Recorder.Prompts);
        Assert.Contains("memory only", session.Host.Recorder.Prompts[0].Message);
        Assert.False((bool)session.Invoke("$emu.HasExited").Output.Single().BaseObject);

        session.Invoke("Stop-MilvusEmulator -All -Force").AssertSuccess();
        Assert.True((bool)session.Invoke("$emu.HasExited").Output.Single().BaseObject);
    }

    [Fact]
    public void ClosingTheRunspaceStopsItsEmulators()
    {
        int pid;
        using (var session = PsSession.Create())
        {
            pid = (int)session.Invoke("(Start-MilvusEmulator).ProcessId").AssertSuccess().Output.Single().BaseObject;
        }
        var process = TryGet(pid);
        Assert.True(process is null || process.WaitForExit(10_000), "the emulator outlived its runspace");
    }

    [Theory]
    [InlineData("banana", "ParameterArgumentValidationError")]
    [InlineData("2.2", "MilvusVersionNotSupported")]
    [InlineData("1.1.0", "MilvusVersionNotSupported")]
    public void ABadVersionIsRejectedBeforeAnythingStarts(string version, string errorId)
    {
        using var session = PsSession.Create();
        var result = session.Invoke($"Start-MilvusEmulator -MilvusVersion {version}");
        Assert.StartsWith(errorId + ",", result.Error?.FullyQualifiedErrorId);
        if (errorId == "MilvusVersionNotSupported") Assert.Equal(ErrorCategory.InvalidArgument, result.Error!.CategoryInfo.Category);
        Assert.Empty(session.Invoke("Stop-MilvusEmulator -All -WhatIf").Output);
        Assert.Empty(session.Host.Recorder.WhatIf);
    }

    [Fact]
    public void ARootPasswordWithoutAuthorizationIsRefused()
    {
        using var session = PsSession.Create();
        session.SetVariable("pw", PsSession.Secure("secret1"));
        var result = session.Invoke("Start-MilvusEmulator -RootPassword $pw");
        Assert.StartsWith("RootPasswordWithoutAuthorization,", result.Error?.FullyQualifiedErrorId);
    }

    [Fact]
    public void ConnectionsAndEmulatorsPipeIntoConnect()
    {
        using var session = PsSession.Create();
        var result = session.Invoke("""
            $emu = Start-MilvusEmulator
            $first = $emu | Connect-Milvus -PassThru
            $second = $first | Connect-Milvus -NotDefault -Name again
            $second.Uri -eq $first.Uri
            Get-MilvusConnection -All | Test-MilvusConnection
            Stop-MilvusEmulator -All -Force
            """).AssertSuccess();
        Assert.Equal([true, true, true], result.Output.Select(o => (bool)o.BaseObject));
    }

    [Fact]
    public void AnEmulatorWithAuthenticationNeedsCredentials()
    {
        using var session = PsSession.Create();
        session.SetVariable("cred", PsSession.Credential("root", "Milvus"));
        var result = session.Invoke("""
            $emu = Start-MilvusEmulator -EnableAuthorization
            try { $emu | Connect-Milvus -TimeoutSec 10 } catch { $_.FullyQualifiedErrorId }
            $emu | Connect-Milvus -Credential $cred -PassThru | ForEach-Object User
            $emu | Stop-MilvusEmulator -Force
            """).AssertSuccess();
        Assert.StartsWith("AuthenticationFailed,", (string)result.Output[0].BaseObject);
        Assert.Equal("root", result.Output[1].BaseObject);
    }

    [Fact]
    public void FormatViewsRenderConnectionsAndEmulators()
    {
        using var session = PsSession.Create();
        session.Invoke("""
            $emu = Start-MilvusEmulator
            $emu | Out-Default
            $emu | Connect-Milvus
            Get-MilvusConnection | Out-Default
            Test-MilvusConnection -Detailed | Out-Default
            $emu | Stop-MilvusEmulator -Force
            """).AssertSuccess();
        var text = session.Host.Recorder.Text;
        Assert.Contains("MilvusVersion", text);
        Assert.Contains("(memory)", text);
        Assert.Contains("Database", text);
        Assert.Contains("LatencyMs", text);
        Assert.Contains("2.6.22", text);
    }

    private static System.Diagnostics.Process? TryGet(int pid)
    {
        try { return System.Diagnostics.Process.GetProcessById(pid); }
        catch (ArgumentException) { return null; }
    }
}
