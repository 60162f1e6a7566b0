using System.Globalization;

namespace MilvusPS.Emulator.Hosting;

/// <summary>The emulator's command line.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: dotnet MilvusPS.Emulator.dll [options]

        A Milvus-compatible server for local work and tests.

        Options:
          --host HOST              Address to listen on: an IP, localhost or * (default 127.0.0.1)
          --port PORT              TCP port, 0 = pick a free one (default 19530)
          --data DIR               Data folder (created if missing, locked while running); default: memory only
          --snapshot-log-mb MB     With --data: snapshot when the logs reach this size, keeping restarts fast (default 64)
          --milvus-version VER     Milvus version to emulate: 2.3, 2.4, 2.5, 2.6 or e.g. 2.5.27 (default {0})
          --auth                   Require credentials (authorizationEnabled); built-in user root
          --root-password PWD      Password of root (default Milvus)
          --tls-cert FILE          Serve TLS with this certificate (PEM, or PFX without password)
          --tls-key FILE           PEM private key for --tls-cert, if not in the same file
          --tls-client-ca FILE     Mutual TLS: require client certificates issued by this CA
          --enable-faults          Enable test-only fault injection
          --parent-pid PID         Exit when that process exits
          -h, --help               Show this help

        When ready, prints one line to stdout: MilvusPS.Emulator listening on <uri> (Milvus <version>)
        Exit codes: 0 stopped cleanly, 1 failed to start, 2 bad arguments.
        """;

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string[] args, out EmulatorOptions options, out bool help, out string? error)
    {
        options = new EmulatorOptions();
        help = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            // A value that looks like an option is taken as a missing value, except for a password, which may be anything.
            string Value(bool anything = false)
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Length || (!anything && args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    throw new FormatException($"{arg} needs a value.");
                return args[++i];
            }

            void NoValue()
            {
                if (inline is not null) throw new FormatException($"{arg} takes no value.");
            }

            try
            {
                switch (arg.ToLowerInvariant())
                {
                    case "-h" or "--help" or "-?" or "/?": help = true; break;
                    case "--host": options.Host = Value(); break;
                    case "--port": options.Port = ParseInt(arg, Value()); break;
                    case "--data": options.DataPath = Value(); break;
                    case "--snapshot-log-mb": options.SnapshotLogBytes = ParseInt(arg, Value()) * 1024L * 1024; break;
                    case "--milvus-version": options.MilvusVersion = Value(); break;
                    case "--auth": NoValue(); options.AuthorizationEnabled = true; break;
                    case "--root-password": options.RootPassword = Value(anything: true); break;
                    case "--tls-cert": options.TlsCertificatePath = Value(); break;
                    case "--tls-key": options.TlsKeyPath = Value(); break;
                    case "--tls-client-ca": options.TlsClientCaPath = Value(); break;
                    case "--enable-faults": NoValue(); options.EnableFaults = true; break;
                    case "--parent-pid": options.ParentProcessId = ParseInt(arg, Value()); break;
                    default: throw new FormatException($"Unknown argument '{args[i]}'.");
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        if (help) return true;
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            error = string.Join(Environment.NewLine, problems);
            return false;
        }
        return true;
    }

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"{name} needs a whole number, not '{text}'.");
}
