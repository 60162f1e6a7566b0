using MilvusPS.Module.Tests.Hosting;

namespace MilvusPS.Module.Tests;

/// <summary>The README's quickstart runs as written, on the bare engine (core cmdlets only).</summary>
public class QuickstartTests
{
    [Fact]
    public void TheQuickstartRunsAndRendersThroughTheFormatViews()
    {
        var script = Path.Combine(PsSession.RepoRoot, "examples", "quickstart.ps1");
        Assert.True(File.Exists(script), script);
        using var session = PsSession.Create();
        var result = session.Invoke($"& '{script}' | Out-Default").AssertSuccess();
        var text = session.Host.Recorder.Text;
        Assert.Contains("== Server", text);
        Assert.Contains("DeployMode", text);
        Assert.Contains("HybridSearch", text);
        Assert.Contains("LatencyMs", text);
        Assert.Contains("FloatVector(8)", text);
        Assert.Contains("quickstart_docs Insert         50", text);
        Assert.Contains("colour=", text); // search hits with their output field
        Assert.Contains("y2026", text);
        Assert.Contains("quickstart_live", text);
        Assert.Contains(session.Host.Recorder.WhatIf, l => l.Contains("Drop Milvus collection") && l.EndsWith("on target \"quickstart_articles\"."));
        Assert.Contains("== Done", text);
        // It cleaned up after itself.
        Assert.Empty(session.Invoke("Get-MilvusConnection -All").Output);
        Assert.Empty(result.Errors);
    }
}
