using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

public sealed partial class CliTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }

    private static string EmulatorDll => typeof(EmulatorServer).Assembly.Location;

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(EmulatorDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    private static async Task<Uri> ReadReadyLineAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        Assert.NotNull(line);
        var match = ReadyLine().Match(line);
        Assert.True(match.Success, $"unexpected first line: {line}");
        return new Uri(match.Groups["uri"].Value);
    }

    [GeneratedRegex(@"^MilvusPS\.Emulator listening on (?<uri>\S+) \(Milvus (?<version>[0-9.]+)\)$")]
    private static partial Regex ReadyLine();

    [Fact]
    public async Task Cli_prints_the_ready_line_serves_and_stops_on_kill()
    {
        var process = Start("--port", "0", "--milvus-version", "2.4");
        var uri = await ReadReadyLineAsync(process);
        Assert.Equal("http", uri.Scheme);
        Assert.NotEqual(0, uri.Port);

        using var channel = GrpcChannel.ForAddress(uri);
        var version = await new MilvusService.MilvusServiceClient(channel).GetVersionAsync(new GetVersionRequest());
        Assert.Equal("v2.4.24", version.Version);

        process.Kill();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
    }

    [Fact]
    public async Task Cli_exits_cleanly_on_sigterm()
    {
        if (OperatingSystem.IsWindows()) return; // no SIGTERM to send
        var process = Start("--port", "0");
        await ReadReadyLineAsync(process);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
    }

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--bogus")]
    [InlineData("--milvus-version", "1.0")]
    [InlineData("--tls-key", "key.pem")]
    public async Task Cli_bad_arguments_exit_2_with_a_message_on_stderr(params string[] args)
    {
        var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("MilvusPS.Emulator:", await stderr);
        Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task Cli_exits_when_the_parent_process_exits()
    {
        var parent = OperatingSystem.IsWindows()
            ? Process.Start(new ProcessStartInfo("ping", "-n 60 127.0.0.1") { RedirectStandardOutput = true })!
            : Process.Start("sleep", "60");
        _processes.Add(parent);
        var process = Start("--port", "0", "--parent-pid", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ReadReadyLineAsync(process);
        Assert.False(process.HasExited);

        parent.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Cli_second_emulator_on_the_same_data_folder_fails_with_exit_1()
    {
        var folder = Directory.CreateTempSubdirectory("milvusps-cli-data-").FullName;
        try
        {
            await using var first = await TestEmulator.StartAsync(o => o.DataPath = folder);
            var process = Start("--port", "0", "--data", folder);
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(StartTimeout);

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("in use by another MilvusPS emulator", await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Command_line_parses_every_option()
    {
        Assert.True(CommandLine.TryParse(
            ["--host", "*", "--port=0", "--data", "d", "--milvus-version", "2.5", "--auth", "--root-password", "pw",
             "--enable-faults", "--parent-pid", "42"],
            out var o, out var help, out var error), error);
        Assert.False(help);
        Assert.Equal(("*", 0, "d", "2.5", true, "pw", true, 42), (o.Host, o.Port, o.DataPath, o.MilvusVersion, o.AuthorizationEnabled, o.RootPassword, o.EnableFaults, o.ParentProcessId));

        Assert.True(CommandLine.TryParse(["--help"], out _, out help, out _));
        Assert.True(help);
        Assert.False(CommandLine.TryParse(["--port"], out _, out _, out error));
        Assert.Contains("--port needs a value", error);
        Assert.False(CommandLine.TryParse(["--auth=yes"], out _, out _, out _));
        Assert.False(CommandLine.TryParse(["--data", "--auth"], out _, out _, out error));
        Assert.Contains("--data needs a value", error);
        Assert.True(CommandLine.TryParse(["--root-password", "--dashes--"], out o, out _, out _));
        Assert.Equal("--dashes--", o.RootPassword);
    }
}
