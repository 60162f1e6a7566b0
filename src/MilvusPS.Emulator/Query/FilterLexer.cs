using System.Text;

namespace MilvusPS.Emulator.Query;

/// <summary>Token kinds of the Milvus filter grammar (Plan.g4, 2.3–2.6 subset).</summary>
internal enum TokenKind
{
    Eof,
    Integer,
    Floating,
    Boolean,
    String,
    Identifier,
    Meta,
    JsonIdentifier,
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    EmptyArray,
    Comma,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    RegexMatch,
    RegexNotMatch,
    Assign,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Shl,
    Shr,
    BAnd,
    BOr,
    BXor,
    BNot,
    And,
    Or,
    Not,
    In,
    Like,
    Exists,
    IsNull,
    IsNotNull,
    TextMatch,
    PhraseMatch,
    RandomSample,
    JsonContains,
    JsonContainsAll,
    JsonContainsAny,
    ArrayContains,
    ArrayContainsAll,
    ArrayContainsAny,
    ArrayLength,
    MinimumShouldMatch,
    Spatial,
}

/// <summary>One token: kind, raw text as written, and its position (0-based offset, 1-based line, 0-based column as ANTLR reports).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset, int Line, int Column);

/// <summary>A syntax error with ANTLR's <c>line L:C message</c> position prefix.</summary>
internal sealed class FilterSyntaxException(int line, int column, string message)
    : Exception($"line {line}:{column} {message}")
{
}

/// <summary>
/// The lexer: longest match like ANTLR, keywords only in the spellings Plan.g4 lists
/// (lower or upper case, never mixed), <c>is null</c>/<c>is not null</c> as single tokens
/// with exactly one space, and <c>ident["k"][0]</c> as one JSONIdentifier token (no spaces inside).
/// </summary>
internal static class FilterLexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["like"] = TokenKind.Like, ["LIKE"] = TokenKind.Like,
        ["exists"] = TokenKind.Exists, ["EXISTS"] = TokenKind.Exists,
        ["text_match"] = TokenKind.TextMatch, ["TEXT_MATCH"] = TokenKind.TextMatch,
        ["phrase_match"] = TokenKind.PhraseMatch, ["PHRASE_MATCH"] = TokenKind.PhraseMatch,
        ["random_sample"] = TokenKind.RandomSample, ["RANDOM_SAMPLE"] = TokenKind.RandomSample,
        ["minimum_should_match"] = TokenKind.MinimumShouldMatch, ["MINIMUM_SHOULD_MATCH"] = TokenKind.MinimumShouldMatch,
        ["and"] = TokenKind.And, ["AND"] = TokenKind.And,
        ["or"] = TokenKind.Or, ["OR"] = TokenKind.Or,
        ["not"] = TokenKind.Not, ["NOT"] = TokenKind.Not,
        ["in"] = TokenKind.In, ["IN"] = TokenKind.In,
        ["json_contains"] = TokenKind.JsonContains, ["JSON_CONTAINS"] = TokenKind.JsonContains,
        ["json_contains_all"] = TokenKind.JsonContainsAll, ["JSON_CONTAINS_ALL"] = TokenKind.JsonContainsAll,
        ["json_contains_any"] = TokenKind.JsonContainsAny, ["JSON_CONTAINS_ANY"] = TokenKind.JsonContainsAny,
        ["array_contains"] = TokenKind.ArrayContains, ["ARRAY_CONTAINS"] = TokenKind.ArrayContains,
        ["array_contains_all"] = TokenKind.ArrayContainsAll, ["ARRAY_CONTAINS_ALL"] = TokenKind.ArrayContainsAll,
        ["array_contains_any"] = TokenKind.ArrayContainsAny, ["ARRAY_CONTAINS_ANY"] = TokenKind.ArrayContainsAny,
        ["array_length"] = TokenKind.ArrayLength, ["ARRAY_LENGTH"] = TokenKind.ArrayLength,
        ["true"] = TokenKind.Boolean, ["True"] = TokenKind.Boolean, ["TRUE"] = TokenKind.Boolean,
        ["false"] = TokenKind.Boolean, ["False"] = TokenKind.Boolean, ["FALSE"] = TokenKind.Boolean,
        ["st_equals"] = TokenKind.Spatial, ["ST_EQUALS"] = TokenKind.Spatial,
        ["st_touches"] = TokenKind.Spatial, ["ST_TOUCHES"] = TokenKind.Spatial,
        ["st_overlaps"] = TokenKind.Spatial, ["ST_OVERLAPS"] = TokenKind.Spatial,
        ["st_crosses"] = TokenKind.Spatial, ["ST_CROSSES"] = TokenKind.Spatial,
        ["st_contains"] = TokenKind.Spatial, ["ST_CONTAINS"] = TokenKind.Spatial,
        ["st_intersects"] = TokenKind.Spatial, ["ST_INTERSECTS"] = TokenKind.Spatial,
        ["st_within"] = TokenKind.Spatial, ["ST_WITHIN"] = TokenKind.Spatial,
        ["st_dwithin"] = TokenKind.Spatial, ["ST_DWITHIN"] = TokenKind.Spatial,
        ["st_isvalid"] = TokenKind.Spatial, ["ST_ISVALID"] = TokenKind.Spatial,
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var lexer = new State(text);
        while (true)
        {
            var t = lexer.Next();
            tokens.Add(t);
            if (t.Kind == TokenKind.Eof) return tokens;
        }
    }

    private sealed class State(string s)
    {
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private char At(int i) => i < s.Length ? s[i] : '\0';

        public Token Next()
        {
            SkipWhitespace();
            int start = _pos;
            if (start >= s.Length) return new Token(TokenKind.Eof, "<EOF>", start, _line, start - _lineStart);
            char c = s[start];

            if (IsNondigit(c) || (c == '$' && string.CompareOrdinal(s, start, "$meta", 0, 5) == 0))
                return Word(start);
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(start + 1))))
                return Number(start);
            if (c == '"' || c == '\'')
            {
                int end = ScanString(start);
                if (end < 0) throw Recognition(start);
                return Make(TokenKind.String, start, end);
            }
            switch (c)
            {
                case '{': return Make(TokenKind.LBrace, start, start + 1);
                case '}': return Make(TokenKind.RBrace, start, start + 1);
                case '(': return Make(TokenKind.LParen, start, start + 1);
                case ')': return Make(TokenKind.RParen, start, start + 1);
                case ']': return Make(TokenKind.RBracket, start, start + 1);
                case ',': return Make(TokenKind.Comma, start, start + 1);
                case '+': return Make(TokenKind.Add, start, start + 1);
                case '-': return Make(TokenKind.Sub, start, start + 1);
                case '/': return Make(TokenKind.Div, start, start + 1);
                case '%': return Make(TokenKind.Mod, start, start + 1);
                case '^': return Make(TokenKind.BXor, start, start + 1);
                case '~': return Make(TokenKind.BNot, start, start + 1);
                case '*': return At(start + 1) == '*' ? Make(TokenKind.Pow, start, start + 2) : Make(TokenKind.Mul, start, start + 1);
                case '&': return At(start + 1) == '&' ? Make(TokenKind.And, start, start + 2) : Make(TokenKind.BAnd, start, start + 1);
                case '|': return At(start + 1) == '|' ? Make(TokenKind.Or, start, start + 2) : Make(TokenKind.BOr, start, start + 1);
                case '<':
                    if (At(start + 1) == '=') return Make(TokenKind.Le, start, start + 2);
                    if (At(start + 1) == '<') return Make(TokenKind.Shl, start, start + 2);
                    return Make(TokenKind.Lt, start, start + 1);
                case '>':
                    if (At(start + 1) == '=') return Make(TokenKind.Ge, start, start + 2);
                    if (At(start + 1) == '>') return Make(TokenKind.Shr, start, start + 2);
                    return Make(TokenKind.Gt, start, start + 1);
                case '=':
                    if (At(start + 1) == '=') return Make(TokenKind.Eq, start, start + 2);
                    if (At(start + 1) == '~') return Make(TokenKind.RegexMatch, start, start + 2);
                    return Make(TokenKind.Assign, start, start + 1);
                case '!':
                    if (At(start + 1) == '=') return Make(TokenKind.Ne, start, start + 2);
                    if (At(start + 1) == '~') return Make(TokenKind.RegexNotMatch, start, start + 2);
                    return Make(TokenKind.Not, start, start + 1);
                case '[':
                    {
                        int i = start + 1;
                        while (i < s.Length && (s[i] is ' ' or '\t' or '\r' or '\n')) i++;
                        if (At(i) == ']') return Make(TokenKind.EmptyArray, start, i + 1);
                        return Make(TokenKind.LBracket, start, start + 1);
                    }
            }
            throw Recognition(start);
        }

        private FilterSyntaxException Recognition(int start)
        {
            // ANTLR: "token recognition error at: '<text>'" for the characters it could not match. // unverified text (exact span)
            int end = start + 1;
            if (s[start] is '"' or '\'')
            {
                end = start + 1;
                while (end < s.Length && s[end] != '\n' && s[end] != '\r') end++;
            }
            return new FilterSyntaxException(_line, start - _lineStart, $"token recognition error at: '{s[start..end]}'");
        }

        private void SkipWhitespace()
        {
            while (_pos < s.Length)
            {
                char c = s[_pos];
                if (c == ' ' || c == '\t') _pos++;
                else if (c == '\r' || c == '\n')
                {
                    _pos++;
                    if (c == '\r' && At(_pos) == '\n') _pos++;
                    _line++;
                    _lineStart = _pos;
                }
                else break;
            }
        }

        private Token Make(TokenKind kind, int start, int end)
        {
            var t = new Token(kind, s[start..end], start, _line, start - _lineStart);
            // Empty-array tokens may span newlines.
            for (int i = start; i < end; i++)
            {
                if (s[i] == '\n') { _line++; _lineStart = i + 1; }
            }
            _pos = end;
            return t;
        }

        private static bool IsNondigit(char c) => char.IsAsciiLetter(c) || c == '_';

        private Token Word(int start)
        {
            int i = start;
            if (s[i] == '$') i += 5;
            else
            {
                while (i < s.Length && (IsNondigit(s[i]) || char.IsAsciiDigit(s[i]))) i++;
            }
            string word = s[start..i];

            // String literal with an encoding prefix (u8"..", u'..', U"..", L"..").
            if (word is "u8" or "u" or "U" or "L" && At(i) is '"' or '\'')
            {
                int end = ScanString(i);
                if (end < 0) throw Recognition(i);
                return Make(TokenKind.String, start, end);
            }

            // JSONIdentifier: (Identifier|Meta) ('[' (StringLiteral | DecimalConstant) ']')+ — longest match wins.
            int j = i, groups = 0;
            while (At(j) == '[')
            {
                int k = j + 1;
                if (At(k) is '"' or '\'')
                {
                    k = ScanString(k);
                    if (k < 0) break;
                }
                else if (At(k) == '0') k++;
                else if (At(k) is >= '1' and <= '9')
                {
                    while (char.IsAsciiDigit(At(k))) k++;
                }
                else break;
                if (At(k) != ']') break;
                j = k + 1;
                groups++;
            }
            if (groups > 0) return Make(TokenKind.JsonIdentifier, start, j);
            if (word == "$meta") return Make(TokenKind.Meta, start, i);

            // 'is null' | 'IS NULL' | 'is not null' | 'IS NOT NULL' (single tokens, exactly one space).
            foreach (var (spelling, kind) in NullSpellings)
            {
                if (string.CompareOrdinal(s, start, spelling, 0, spelling.Length) == 0)
                    return Make(kind, start, start + spelling.Length);
            }

            return Make(Keywords.TryGetValue(word, out var kw) ? kw : TokenKind.Identifier, start, i);
        }

        private static readonly (string, TokenKind)[] NullSpellings =
        [
            ("is not null", TokenKind.IsNotNull), ("IS NOT NULL", TokenKind.IsNotNull),
            ("is null", TokenKind.IsNull), ("IS NULL", TokenKind.IsNull),
        ];

        /// <summary>Scans a quoted literal starting at the quote; returns the index after the closing quote, or -1.</summary>
        private int ScanString(int quoteAt)
        {
            char q = s[quoteAt];
            int i = quoteAt + 1;
            while (i < s.Length)
            {
                char c = s[i];
                if (c == q) return i + 1;
                if (c == '\r' || c == '\n') return -1;
                if (c == '\\')
                {
                    if (i + 1 >= s.Length) return -1;
                    if (s[i + 1] == '\r' && At(i + 2) == '\n') i += 3;
                    else i += 2;
                    continue;
                }
                i++;
            }
            return -1;
        }

        private Token Number(int start)
        {
            int i = start;
            if (s[i] == '0' && At(i + 1) is 'x' or 'X' && Uri.IsHexDigit(At(i + 2)) || (s[i] == '0' && At(i + 1) is 'x' or 'X' && At(i + 2) == '.'))
            {
                int j = i + 2;
                while (Uri.IsHexDigit(At(j))) j++;
                int hexEnd = j;
                if (At(j) == '.') { j++; while (Uri.IsHexDigit(At(j))) j++; }
                if (At(j) is 'p' or 'P')
                {
                    int k = j + 1;
                    if (At(k) is '+' or '-') k++;
                    if (char.IsAsciiDigit(At(k)))
                    {
                        while (char.IsAsciiDigit(At(k))) k++;
                        return Make(TokenKind.Floating, start, k);
                    }
                }
                if (hexEnd > i + 2) return Make(TokenKind.Integer, start, hexEnd);
                throw Recognition(start);
            }
            if (s[i] == '0' && At(i + 1) is 'b' or 'B' && At(i + 2) is '0' or '1')
            {
                int j = i + 2;
                while (At(j) is '0' or '1') j++;
                return Make(TokenKind.Integer, start, j);
            }

            int d = i;
            while (char.IsAsciiDigit(At(d))) d++;
            int digitsEnd = d;
            bool isFloat = false;
            if (At(d) == '.')
            {
                // FractionalConstant: DigitSequence? '.' DigitSequence | DigitSequence '.'
                int f = d + 1;
                while (char.IsAsciiDigit(At(f))) f++;
                if (f > d + 1 || digitsEnd > start) { d = f; isFloat = true; }
            }
            if (At(d) is 'e' or 'E' && d > start)
            {
                int k = d + 1;
                if (At(k) is '+' or '-') k++;
                if (char.IsAsciiDigit(At(k)))
                {
                    while (char.IsAsciiDigit(At(k))) k++;
                    d = k;
                    isFloat = true;
                }
            }
            if (isFloat) return Make(TokenKind.Floating, start, d);
            if (s[start] == '0')
            {
                // OctalConstant: '0' [0-7]* (a following 8/9 starts a new token).
                int k = start + 1;
                while (At(k) is >= '0' and <= '7') k++;
                return Make(TokenKind.Integer, start, k);
            }
            return Make(TokenKind.Integer, start, digitsEnd);
        }
    }

    /// <summary>
    /// The value of a string literal as Milvus computes it (convertEscapeSingle + Go strconv.Unquote):
    /// <c>\'</c> becomes <c>'</c>, then Go's double-quoted escapes apply; anything else is "invalid syntax".
    /// </summary>
    public static string Unquote(string literal)
    {
        int startQuote = literal.IndexOfAny(['"', '\'']);
        var body = literal.AsSpan(startQuote + 1, literal.Length - startQuote - 2);
        var sb = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\') { sb.Append(c); continue; }
            if (i + 1 >= body.Length) throw new FilterSemanticException("invalid syntax");
            char e = body[++i];
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'x': sb.Append((char)HexValue(body, ref i, 2)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(HexValue(body, ref i, 4))); break;
                case 'U':
                    {
                        int cp = HexValue(body, ref i, 8);
                        if (cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF) throw new FilterSemanticException("invalid syntax");
                        sb.Append(char.ConvertFromUtf32(cp));
                        break;
                    }
                case >= '0' and <= '7':
                    {
                        if (i + 2 >= body.Length) throw new FilterSemanticException("invalid syntax");
                        int v = 0;
                        for (int k = 0; k < 3; k++)
                        {
                            char o = body[i + k];
                            if (o is < '0' or > '7') throw new FilterSemanticException("invalid syntax");
                            v = v * 8 + (o - '0');
                        }
                        if (v > 255) throw new FilterSemanticException("invalid syntax");
                        i += 2;
                        sb.Append((char)v);
                        break;
                    }
                default: throw new FilterSemanticException("invalid syntax");
            }
        }
        return sb.ToString();
    }

    private static int HexValue(ReadOnlySpan<char> body, ref int i, int digits)
    {
        if (i + digits >= body.Length) throw new FilterSemanticException("invalid syntax");
        int v = 0;
        for (int k = 1; k <= digits; k++)
        {
            char h = body[i + k];
            if (!Uri.IsHexDigit(h)) throw new FilterSemanticException("invalid syntax");
            v = v * 16 + Convert.ToInt32(h.ToString(), 16);
        }
        i += digits;
        return v;
    }
}
