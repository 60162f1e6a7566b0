using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace MilvusPS.ScriptHost;

/// <summary>A plain console host: text out, errors to stderr, progress as occasional lines, prompts answered from stdin.</summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly ConsoleUI _ui = new();
    private readonly Guid _id = Guid.NewGuid();

    public override string Name => "MilvusPS.ScriptHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public bool HadErrors => _ui.HadErrors;

    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) => Environment.Exit(exitCode);
}

internal sealed partial class ConsoleUI : PSHostUserInterface
{
    private string? _lastProgress;

    // Format views colour table headers with ANSI sequences; logs, pipes and NO_COLOR get plain text.
    private static readonly bool PlainText =
        Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex AnsiSequence();

    private static string Render(string value) => PlainText ? AnsiSequence().Replace(value, string.Empty) : value;

    public bool HadErrors { get; private set; }

    public override PSHostRawUserInterface RawUI { get; } = new ConsoleRawUI();

    public override void Write(string value) => Console.Write(Render(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Write(Render(value));
    public override void WriteLine(string value) => Console.WriteLine(Render(value));

    public override void WriteErrorLine(string value)
    {
        HadErrors = true;
        Console.Error.WriteLine(Render(value));
    }

    public override void WriteDebugLine(string message) => Console.WriteLine("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => Console.WriteLine("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => Console.WriteLine("WARNING: " + message);

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        // One line per distinct status, so a log stays readable.
        var line = record.RecordType == ProgressRecordType.Completed
            ? $"{record.Activity}: done"
            : $"{record.Activity}: {record.StatusDescription}{(record.PercentComplete >= 0 ? $" ({record.PercentComplete}%)" : string.Empty)}";
        if (line == _lastProgress) return;
        _lastProgress = line;
        Console.Error.WriteLine(line);
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        Console.WriteLine(caption);
        Console.WriteLine(message);
        var result = new Dictionary<string, PSObject>();
        foreach (var d in descriptions)
        {
            Console.Write($"{d.Name}: ");
            result[d.Name] = PSObject.AsPSObject(Console.ReadLine() ?? string.Empty);
        }
        return result;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Console.WriteLine(caption);
        Console.WriteLine(message);
        Console.Write(string.Join("  ", choices.Select(c => $"[{c.Label.Replace("&", string.Empty)}]")) + " ");
        var answer = Console.ReadLine();
        if (string.IsNullOrWhiteSpace(answer)) return defaultChoice;
        for (var i = 0; i < choices.Count; i++)
        {
            var label = choices[i].Label;
            var amp = label.IndexOf('&');
            var hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1] : label[0];
            if (char.ToUpperInvariant(hotkey) == char.ToUpperInvariant(answer.Trim()[0])) return i;
        }
        return defaultChoice;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        Console.WriteLine(message);
        if (string.IsNullOrEmpty(userName))
        {
            Console.Write("User: ");
            userName = Console.ReadLine() ?? string.Empty;
        }
        Console.Write("Password: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    public override string ReadLine() => Console.ReadLine() ?? string.Empty;

    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        foreach (var c in Console.ReadLine() ?? string.Empty) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}

internal sealed class ConsoleRawUI : PSHostRawUserInterface
{
    private static int Width => Console.IsOutputRedirected ? 160 : Math.Max(Console.WindowWidth, 80);

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get => new(Width, 9999); set { } }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => new(Width, 100);
    public override Size MaxWindowSize => new(Width, 100);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get => new(Width, 50); set { } }
    public override string WindowTitle { get; set; } = "MilvusPS";
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("Reading keys is not supported.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
