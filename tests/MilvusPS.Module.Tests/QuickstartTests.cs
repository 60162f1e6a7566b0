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
        Assert.Contains("== Done", text);
        // It cleaned up after itself.
        Assert.Empty(session.Invoke("Get-MilvusConnection -All").Output);
        Assert.Empty(result.Errors);
    }
}
