using System.Runtime.InteropServices;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Emulator;

/// <summary>The CLI: <c>dotnet MilvusPS.Emulator.dll [options]</c>. See <see cref="CommandLine.Usage"/>.</summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitStartFailed = 1;
    public const int ExitBadArguments = 2;

    public static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var options, out var help, out var error))
        {
            await Console.Error.WriteLineAsync($"MilvusPS.Emulator: {error}{Environment.NewLine}Run with --help for usage.").ConfigureAwait(false);
            return ExitBadArguments;
        }
        if (help)
        {
            Console.Out.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, CommandLine.Usage, MilvusVersion.Newest));
            return ExitOk;
        }

        using var shutdown = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we stop ourselves, cleanly
            shutdown.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        if (options.ParentProcessId is { } parent && !ParentProcessWatcher.IsAlive(parent))
        {
            await Console.Error.WriteLineAsync($"MilvusPS.Emulator: the parent process {parent} is not running.").ConfigureAwait(false);
            return ExitStartFailed;
        }

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception e) when (e is DataFolderException or IOException or InvalidOperationException
                                      or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"MilvusPS.Emulator: cannot start: {e.Message}").ConfigureAwait(false);
            return ExitStartFailed;
        }

        await using (server.ConfigureAwait(false))
        {
            // The one line on stdout: Start-MilvusEmulator reads the URI (and so the port) from it.
            Console.Out.WriteLine($"MilvusPS.Emulator listening on {server.Uri.GetLeftPart(UriPartial.Authority)} (Milvus {server.MilvusVersion})");
            Console.Out.Flush();

            var stopRequested = Task.Delay(Timeout.Infinite, shutdown.Token);
            await Task.WhenAny(stopRequested, server.Stopped).ConfigureAwait(false);
        }
        return ExitOk;
    }
}
