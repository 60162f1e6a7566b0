using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace MilvusPS.Module.Tests.Hosting;

/// <summary>
/// A PowerShell host for tests: records everything written (so WhatIf text and rendered format views can
/// be read), every progress record and every prompt, and answers prompts from a queue of choices
/// ("Y", "N", "A", "L" by hotkey). A prompt with no queued answer fails the test loudly.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUI _ui = new();
    private readonly Guid _id = Guid.NewGuid();

    public override string Name => "MilvusPS.TestHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public TestHostUI Recorder => _ui;

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed class TestHostUI : PSHostUserInterface
{
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();

    /// <summary>Answers for the next prompts, by choice hotkey (Y, A, N, L, S).</summary>
    public Queue<string> Answers { get; } = new();

    /// <summary>Every prompt: caption and message.</summary>
    public List<(string Caption, string Message)> Prompts { get; } = [];

    public List<ProgressRecord> Progress { get; } = [];

    /// <summary>All text written to the host.</summary>
    public string Text { get { lock (_gate) return _text.ToString(); } }

    /// <summary>The "What if: ..." lines.</summary>
    public IReadOnlyList<string> WhatIf => Text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();

    public override PSHostRawUserInterface RawUI { get; } = new TestRawUI();

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        lock (_gate) Prompts.Add((caption, message));
        if (Answers.Count == 0) throw new InvalidOperationException($"Unexpected prompt '{caption}': {message}");
        var answer = Answers.Dequeue();
        for (var i = 0; i < choices.Count; i++)
        {
            var label = choices[i].Label;
            var amp = label.IndexOf('&');
            var hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : label[..1];
            if (string.Equals(hotkey, answer, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new InvalidOperationException($"No choice '{answer}' in prompt '{caption}'.");
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new InvalidOperationException($"Unexpected input prompt '{caption}': {message}");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new InvalidOperationException($"Unexpected credential prompt '{caption}'.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new InvalidOperationException($"Unexpected credential prompt '{caption}'.");

    public override string ReadLine() => throw new InvalidOperationException("Unexpected ReadLine.");
    public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("Unexpected ReadLineAsSecureString.");

    public override void Write(string value) { lock (_gate) _text.Append(value); }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) { lock (_gate) _text.Append(value).Append('\n'); }
    public override void WriteErrorLine(string value) => WriteLine(value);
    public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) { lock (_gate) Progress.Add(record); }
}

internal sealed class TestRawUI : PSHostRawUserInterface
{
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get; set; } = new(160, 1000);
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => new(160, 1000);
    public override Size MaxWindowSize => new(160, 1000);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get; set; } = new(160, 50);
    public override string WindowTitle { get; set; } = "test";
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("Unexpected ReadKey.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
