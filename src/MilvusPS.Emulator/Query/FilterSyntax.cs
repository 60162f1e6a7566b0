namespace MilvusPS.Emulator.Query;

/// <summary>Syntax tree of a filter expression, as the parser builds it (one node per Plan.g4 alternative).</summary>
internal abstract class SyntaxNode
{
    /// <summary>First and last token index (inclusive) of the node; used for ANTLR-style <c>GetText()</c>.</summary>
    public int First { get; set; }
    public int Last { get; set; }
}

internal sealed class LiteralNode(Token token) : SyntaxNode
{
    public Token Token { get; } = token;
}

/// <summary>A schema field, <c>$meta</c>, or a dynamic key (an <c>Identifier</c>/<c>Meta</c> token).</summary>
internal sealed class IdentifierNode(string name) : SyntaxNode
{
    public string Name { get; } = name;
}

/// <summary>A JSONIdentifier token: <c>field["a"][0]</c>.</summary>
internal sealed class JsonPathNode(string text) : SyntaxNode
{
    public string Text { get; } = text;
}

internal sealed class TemplateNode(string name) : SyntaxNode
{
    public string Name { get; } = name;
}

internal sealed class ArrayNode(IReadOnlyList<SyntaxNode> items) : SyntaxNode
{
    public IReadOnlyList<SyntaxNode> Items { get; } = items;
}

internal sealed class ParensNode(SyntaxNode inner) : SyntaxNode
{
    public SyntaxNode Inner { get; } = inner;
}

internal sealed class UnaryNode(Token op, SyntaxNode operand) : SyntaxNode
{
    public Token Op { get; } = op;
    public SyntaxNode Operand { get; } = operand;
}

internal sealed class BinaryNode(Token op, SyntaxNode left, SyntaxNode right) : SyntaxNode
{
    public Token Op { get; } = op;
    public SyntaxNode Left { get; } = left;
    public SyntaxNode Right { get; } = right;
}

/// <summary><c>left [not] in right</c>.</summary>
internal sealed class TermNode(bool not, SyntaxNode left, SyntaxNode right) : SyntaxNode
{
    public bool Not { get; } = not;
    public SyntaxNode Left { get; } = left;
    public SyntaxNode Right { get; } = right;
}

/// <summary><c>lower op1 field op2 upper</c> (Reverse: <c>upper &gt; field &gt; lower</c>).</summary>
internal sealed class RangeNode(bool reverse, SyntaxNode first, Token op1, SyntaxNode target, Token op2, SyntaxNode second) : SyntaxNode
{
    public bool Reverse { get; } = reverse;
    public SyntaxNode FirstBound { get; } = first;
    public Token Op1 { get; } = op1;
    public SyntaxNode Target { get; } = target;
    public Token Op2 { get; } = op2;
    public SyntaxNode SecondBound { get; } = second;
}

internal sealed class ExistsNode(SyntaxNode operand) : SyntaxNode
{
    public SyntaxNode Operand { get; } = operand;
}

internal sealed class NullTestNode(SyntaxNode target, bool isNull) : SyntaxNode
{
    public SyntaxNode Target { get; } = target;
    public bool IsNull { get; } = isNull;
}

/// <summary>A keyword function call (json_contains*, array_contains*, array_length, text_match, phrase_match, random_sample, st_*) or a generic <c>name(args)</c>.</summary>
internal sealed class CallNode(Token name, IReadOnlyList<SyntaxNode> args) : SyntaxNode
{
    public Token Name { get; } = name;
    public IReadOnlyList<SyntaxNode> Args { get; } = args;
    /// <summary>text_match's <c>minimum_should_match=N</c> option.</summary>
    public Token? MinimumShouldMatch { get; init; }
}
