using System.Text;

namespace MilvusPS.Emulator.Query;

/// <summary>
/// Precedence-climbing parser equivalent to ANTLR's rewrite of Plan.g4's left-recursive <c>expr</c> rule:
/// earlier alternatives bind tighter, binary operators are left-associative (right operand at p+1) and
/// prefix operators parse their operand at their own level (so <c>not a == 1</c> is <c>(not a) == 1</c>, as in Milvus).
/// Like ANTLR's <c>parser.Expr()</c>, parsing stops silently at a token that cannot continue the expression;
/// the caller reports leftovers as Milvus does ("invalid expression: ...").
/// </summary>
internal sealed class FilterParser
{
    // Plan.g4 alternative order, tightest first.
    private const int PrecOr = 1, PrecAnd = 2, PrecBitOr = 3, PrecBitXor = 4, PrecBitAnd = 5, PrecEquality = 6,
        PrecRelational = 7, PrecRange = 8, PrecTerm = 9, PrecShift = 10, PrecAddSub = 11, PrecMulDivMod = 12,
        PrecUnary = 13, PrecPower = 14, PrecLike = 15, PrecExists = 16;

    private readonly List<Token> _tokens;
    private int _pos;

    private FilterParser(List<Token> tokens) => _tokens = tokens;

    public IReadOnlyList<Token> Tokens => _tokens;

    /// <summary>Parses the whole expression; <paramref name="complete"/> is false when tokens remain after it.</summary>
    public static (SyntaxNode Root, FilterParser Parser, bool Complete) Parse(string expression)
    {
        var parser = new FilterParser(FilterLexer.Tokenize(expression));
        var root = parser.ParseExpr(0);
        return (root, parser, parser.Peek.Kind == TokenKind.Eof);
    }

    /// <summary>ANTLR's <c>ctx.GetText()</c>: the node's tokens concatenated without the skipped whitespace.</summary>
    public string TextOf(SyntaxNode node)
    {
        var sb = new StringBuilder();
        for (int i = node.First; i <= node.Last && i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind != TokenKind.Eof) sb.Append(_tokens[i].Text);
        }
        return sb.ToString();
    }

    private Token Peek => _tokens[_pos];
    private Token PeekAt(int k) => _tokens[Math.Min(_pos + k, _tokens.Count - 1)];

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1) _pos++;
        return t;
    }

    private T Span<T>(T node, int first) where T : SyntaxNode
    {
        node.First = first;
        node.Last = _pos - 1;
        return node;
    }

    private SyntaxNode ParseExpr(int minPrec)
    {
        int first = _pos;
        var left = ParsePrimary();
        while (true)
        {
            var t = Peek;
            int prec;
            switch (t.Kind)
            {
                case TokenKind.Like:
                case TokenKind.RegexMatch:
                case TokenKind.RegexNotMatch: prec = PrecLike; break;
                case TokenKind.Pow: prec = PrecPower; break;
                case TokenKind.Mul:
                case TokenKind.Div:
                case TokenKind.Mod: prec = PrecMulDivMod; break;
                case TokenKind.Add:
                case TokenKind.Sub: prec = PrecAddSub; break;
                case TokenKind.Shl:
                case TokenKind.Shr: prec = PrecShift; break;
                case TokenKind.In: prec = PrecTerm; break;
                case TokenKind.Not when PeekAt(1).Kind == TokenKind.In: prec = PrecTerm; break;
                case TokenKind.Lt:
                case TokenKind.Le:
                    prec = IsRangeAhead(TokenKind.Lt, TokenKind.Le) ? PrecRange : PrecRelational;
                    break;
                case TokenKind.Gt:
                case TokenKind.Ge:
                    prec = IsRangeAhead(TokenKind.Gt, TokenKind.Ge) ? PrecRange : PrecRelational;
                    break;
                case TokenKind.Eq:
                case TokenKind.Ne: prec = PrecEquality; break;
                case TokenKind.BAnd: prec = PrecBitAnd; break;
                case TokenKind.BXor: prec = PrecBitXor; break;
                case TokenKind.BOr: prec = PrecBitOr; break;
                case TokenKind.And: prec = PrecAnd; break;
                case TokenKind.Or: prec = PrecOr; break;
                default: return left;
            }
            if (prec < minPrec) return left;

            if (prec == PrecTerm)
            {
                bool not = Peek.Kind == TokenKind.Not;
                if (not) Advance();
                Advance();
                var rhs = ParseExpr(prec + 1);
                left = Span(new TermNode(not, left, rhs), first);
            }
            else if (prec == PrecRange)
            {
                var op1 = Advance();
                int targetAt = _pos;
                var targetToken = Advance();
                SyntaxNode target = targetToken.Kind == TokenKind.JsonIdentifier
                    ? new JsonPathNode(targetToken.Text)
                    : new IdentifierNode(targetToken.Text);
                target.First = target.Last = targetAt;
                var op2 = Advance();
                var rhs = ParseExpr(prec + 1);
                left = Span(new RangeNode(op1.Kind is TokenKind.Gt or TokenKind.Ge, left, op1, target, op2, rhs), first);
            }
            else
            {
                var op = Advance();
                var rhs = ParseExpr(prec + 1);
                left = Span(new BinaryNode(op, left, rhs), first);
            }
        }
    }

    private bool IsRangeAhead(TokenKind a, TokenKind b) =>
        PeekAt(1).Kind is TokenKind.Identifier or TokenKind.JsonIdentifier
        && (PeekAt(2).Kind == a || PeekAt(2).Kind == b);

    private SyntaxNode ParsePrimary()
    {
        int first = _pos;
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Floating:
            case TokenKind.Boolean:
            case TokenKind.String:
                Advance();
                return Span(new LiteralNode(t), first);

            case TokenKind.Identifier:
                Advance();
                if (Peek.Kind == TokenKind.LParen) return ParseCallRest(t, first);
                if (Peek.Kind is TokenKind.IsNull or TokenKind.IsNotNull)
                {
                    var id = Span(new IdentifierNode(t.Text), first);
                    bool isNull = Advance().Kind == TokenKind.IsNull;
                    return Span(new NullTestNode(id, isNull), first);
                }
                return Span(new IdentifierNode(t.Text), first);

            case TokenKind.Meta:
                Advance();
                return Span(new IdentifierNode(t.Text), first);

            case TokenKind.JsonIdentifier:
                Advance();
                if (Peek.Kind is TokenKind.IsNull or TokenKind.IsNotNull)
                {
                    var path = Span(new JsonPathNode(t.Text), first);
                    bool isNull = Advance().Kind == TokenKind.IsNull;
                    return Span(new NullTestNode(path, isNull), first);
                }
                return Span(new JsonPathNode(t.Text), first);

            case TokenKind.LBrace:
                {
                    Advance();
                    var name = Expect(TokenKind.Identifier, "Identifier");
                    Expect(TokenKind.RBrace, "'}'");
                    return Span(new TemplateNode(name.Text), first);
                }

            case TokenKind.LParen:
                {
                    Advance();
                    var inner = ParseExpr(0);
                    Expect(TokenKind.RParen, "')'");
                    return Span(new ParensNode(inner), first);
                }

            case TokenKind.LBracket:
                {
                    Advance();
                    var items = new List<SyntaxNode> { ParseExpr(0) };
                    while (Peek.Kind == TokenKind.Comma)
                    {
                        Advance();
                        if (Peek.Kind == TokenKind.RBracket) break; // trailing comma
                        items.Add(ParseExpr(0));
                    }
                    Expect(TokenKind.RBracket, "{',', ']'}");
                    return Span(new ArrayNode(items), first);
                }

            case TokenKind.EmptyArray:
                Advance();
                return Span(new ArrayNode([]), first);

            case TokenKind.Exists:
                {
                    Advance();
                    var operand = ParseExpr(PrecExists);
                    return Span(new ExistsNode(operand), first);
                }

            case TokenKind.Add:
            case TokenKind.Sub:
            case TokenKind.BNot:
            case TokenKind.Not:
                {
                    Advance();
                    var operand = ParseExpr(PrecUnary);
                    return Span(new UnaryNode(t, operand), first);
                }

            case TokenKind.JsonContains:
            case TokenKind.JsonContainsAll:
            case TokenKind.JsonContainsAny:
            case TokenKind.ArrayContains:
            case TokenKind.ArrayContainsAll:
            case TokenKind.ArrayContainsAny:
                {
                    Advance();
                    Expect(TokenKind.LParen, "'('");
                    var a = ParseExpr(0);
                    Expect(TokenKind.Comma, "','");
                    var b = ParseExpr(0);
                    Expect(TokenKind.RParen, "')'");
                    return Span(new CallNode(t, [a, b]), first);
                }

            case TokenKind.ArrayLength:
                {
                    Advance();
                    Expect(TokenKind.LParen, "'('");
                    int at = _pos;
                    var target = Peek;
                    if (target.Kind is not (TokenKind.Identifier or TokenKind.JsonIdentifier))
                        throw Mismatch(target, "{Identifier, JSONIdentifier}");
                    Advance();
                    SyntaxNode arg = target.Kind == TokenKind.Identifier ? new IdentifierNode(target.Text) : new JsonPathNode(target.Text);
                    arg.First = arg.Last = at;
                    Expect(TokenKind.RParen, "')'");
                    return Span(new CallNode(t, [arg]), first);
                }

            case TokenKind.TextMatch:
            case TokenKind.PhraseMatch:
                {
                    Advance();
                    Expect(TokenKind.LParen, "'('");
                    int at = _pos;
                    var field = Expect(TokenKind.Identifier, "Identifier");
                    var fieldNode = new IdentifierNode(field.Text) { First = at, Last = at };
                    Expect(TokenKind.Comma, "','");
                    var query = ParseExpr(0);
                    var args = new List<SyntaxNode> { fieldNode, query };
                    Token? minimum = null;
                    if (Peek.Kind == TokenKind.Comma)
                    {
                        Advance();
                        if (t.Kind == TokenKind.TextMatch)
                        {
                            Expect(TokenKind.MinimumShouldMatch, "MINIMUM_SHOULD_MATCH");
                            Expect(TokenKind.Assign, "'='");
                            minimum = Expect(TokenKind.Integer, "IntegerConstant");
                        }
                        else
                        {
                            args.Add(ParseExpr(0));
                        }
                    }
                    Expect(TokenKind.RParen, "')'");
                    return Span(new CallNode(t, args) { MinimumShouldMatch = minimum }, first);
                }

            case TokenKind.RandomSample:
                {
                    Advance();
                    Expect(TokenKind.LParen, "'('");
                    var arg = ParseExpr(0);
                    Expect(TokenKind.RParen, "')'");
                    return Span(new CallNode(t, [arg]), first);
                }

            case TokenKind.Spatial:
                {
                    Advance();
                    Expect(TokenKind.LParen, "'('");
                    var args = new List<SyntaxNode>();
                    if (Peek.Kind != TokenKind.RParen)
                    {
                        args.Add(ParseExpr(0));
                        while (Peek.Kind == TokenKind.Comma) { Advance(); args.Add(ParseExpr(0)); }
                    }
                    Expect(TokenKind.RParen, "')'");
                    return Span(new CallNode(t, args), first);
                }
        }
        // ANTLR reports a token that cannot start an expression as "no viable alternative" (or "mismatched input"
        // when it is EOF/an operator); the exact wording depends on ANTLR's prediction. // unverified text
        throw new FilterSyntaxException(t.Line, t.Column, t.Kind == TokenKind.Eof
            ? "mismatched input '<EOF>' expecting an expression"
            : $"no viable alternative at input '{t.Text}'");
    }

    private SyntaxNode ParseCallRest(Token name, int first)
    {
        Advance(); // (
        var args = new List<SyntaxNode>();
        if (Peek.Kind != TokenKind.RParen)
        {
            args.Add(ParseExpr(0));
            while (Peek.Kind == TokenKind.Comma)
            {
                Advance();
                if (Peek.Kind == TokenKind.RParen) break;
                args.Add(ParseExpr(0));
            }
        }
        Expect(TokenKind.RParen, "')'");
        return Span(new CallNode(name, args), first);
    }

    private Token Expect(TokenKind kind, string display)
    {
        var t = Peek;
        if (t.Kind != kind) throw Mismatch(t, display);
        Advance();
        return t;
    }

    // ANTLR: "mismatched input 'X' expecting Y" (or "extraneous input"/"missing" after single-token recovery). // unverified text
    private static FilterSyntaxException Mismatch(Token t, string expected) =>
        new(t.Line, t.Column, $"mismatched input '{(t.Kind == TokenKind.Eof ? "<EOF>" : t.Text)}' expecting {expected}");
}
