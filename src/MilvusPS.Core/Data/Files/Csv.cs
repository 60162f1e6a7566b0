using System.Text;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// RFC 4180 records from a text stream, one at a time: comma-separated, fields in double quotes may hold
/// commas, quotes (doubled) and line breaks; CRLF or LF ends a record; blank lines are skipped (as Go's
/// encoding/csv, which Milvus's import uses, skips them). Each cell remembers whether it was quoted, so an
/// empty quoted cell ("") can mean an empty string where an empty cell means null.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string path)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private int _pos;
    private int _len;
    private long _line = 1;
    private readonly StringBuilder _cell = new();

    /// <summary>The line the last record started on (1-based).</summary>
    public long RecordLine { get; private set; }

    /// <summary>The next record's cells, or null at the end of the file.</summary>
    public List<(string Text, bool Quoted)>? Read()
    {
        int c;
        // Blank lines between records are not records.
        while ((c = Peek()) is '\r' or '\n') Next();
        if (c < 0) return null;
        RecordLine = _line;
        var cells = new List<(string, bool)>();
        while (true)
        {
            _cell.Clear();
            var quoted = false;
            if (Peek() == '"')
            {
                quoted = true;
                var start = _line;
                Next();
                while (true)
                {
                    c = Next();
                    if (c < 0) throw new EntityFileException(path, "a quoted field is not closed (a \" is missing).", start);
                    if (c == '"')
                    {
                        if (Peek() == '"') { Next(); _cell.Append('"'); continue; }
                        break;
                    }
                    _cell.Append((char)c);
                }
                c = Peek();
                if (c >= 0 && c is not (',' or '\r' or '\n'))
                    throw new EntityFileException(path, $"unexpected '{(char)c}' after a closing quote; a quote inside a quoted field is written twice (\"\").", _line);
            }
            else
            {
                while ((c = Peek()) >= 0 && c is not (',' or '\r' or '\n'))
                {
                    Next();
                    if (c == '"') throw new EntityFileException(path, "a quote inside an unquoted field; quote the field and double the quote (\"\").", _line);
                    _cell.Append((char)c);
                }
            }
            cells.Add((_cell.ToString(), quoted));
            c = Next();
            if (c == ',') continue;
            if (c == '\r' && Peek() == '\n') Next();
            return cells;
        }
    }

    private int Peek()
    {
        if (_pos < _len) return _buffer[_pos];
        _len = reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        return _len <= 0 ? -1 : _buffer[0];
    }

    private int Next()
    {
        var c = Peek();
        if (c < 0) return c;
        _pos++;
        if (c == '\n') _line++;
        return c;
    }
}

/// <summary>Writes RFC 4180 records: a field is quoted when it holds a comma, quote, CR or LF, or must read back as an empty string rather than a null.</summary>
internal sealed class CsvRecordWriter(TextWriter writer)
{
    public void Write(IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(',');
            var cell = cells[i];
            if (cell is null) continue;
            if (cell.Length == 0 || cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\""));
                writer.Write('"');
            }
            else
            {
                writer.Write(cell);
            }
        }
        writer.Write("\r\n");
    }
}
