using System.Text.Json;

namespace MilvusPS.Core.Data.Files;

/// <summary>
/// A JSON array of row objects (Milvus 2.4+), or the older <c>{"rows": [...]}</c>, read element by element
/// through a sliding buffer: only the row being parsed is in memory, however large the file. A syntax error
/// ends the file (nothing after it can be trusted) with the line it is on.
/// </summary>
internal sealed class JsonArrayEntityReader : EntityFileReader
{
    private enum Phase { Start, RowsKey, Items, End, Done }

    private readonly FileStream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
    private long _line = 1;
    private Phase _phase;
    private bool _wrapped;
    private bool _bomChecked;

    public JsonArrayEntityReader(string path, FileSchema schema, EntityFileReadOptions options) : base(path, schema, options)
    {
        _stream = OpenFile(path);
        Length = _stream.Length;
    }

    public override EntityFileFormat Format => EntityFileFormat.Json;
    public override long Position => _phase == Phase.Done ? Length : _stream.Position - (_end - _start);

    public override async Task<IReadOnlyList<EntityFileRow>> ReadAsync(int maxRows, CancellationToken ct)
    {
        var rows = new List<EntityFileRow>();
        while (rows.Count < maxRows && _phase != Phase.Done)
        {
            ct.ThrowIfCancellationRequested();
            bool stepped;
            try
            {
                stepped = Step(rows);
            }
            catch (JsonException e)
            {
                throw new EntityFileException(Path, $"the file is not valid JSON ({EntityFileValues.Describe(e)}).", (e.LineNumber ?? 0) + 1, inner: e);
            }
            if (stepped) continue;
            if (_eof) throw new EntityFileException(Path, "the file ends before the JSON array is closed.", _line);
            await FillAsync(ct).ConfigureAwait(false);
        }
        return rows;
    }

    /// <summary>One step of the parse over the bytes buffered; false when it needs more bytes.</summary>
    private bool Step(List<EntityFileRow> rows)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        switch (_phase)
        {
            case Phase.Start:
                if (!reader.Read())
                {
                    if (_eof) throw new EntityFileException(Path, "the file is empty; a JSON file holds an array of row objects.", 1);
                    return false;
                }
                if (reader.TokenType == JsonTokenType.StartArray) _phase = Phase.Items;
                else if (reader.TokenType == JsonTokenType.StartObject) { _phase = Phase.RowsKey; _wrapped = true; }
                else throw new EntityFileException(Path, "a JSON entity file starts with '[' (an array of rows) or '{' (an object with a \"rows\" array).", _line);
                break;
            case Phase.RowsKey:
                if (!reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.PropertyName || !string.Equals(reader.GetString(), "rows", StringComparison.OrdinalIgnoreCase))
                    throw new EntityFileException(Path, "the root object's key must be \"rows\", holding the array of rows.", _line);
                if (!reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.StartArray) throw new EntityFileException(Path, "\"rows\" must be an array of row objects.", _line);
                _phase = Phase.Items;
                break;
            case Phase.Items:
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = _wrapped ? Phase.End : Phase.Done;
                    break;
                }
                var rowLine = _line + _buffer.AsSpan(_start, (int)reader.TokenStartIndex).Count((byte)'\n');
                if (!JsonDocument.TryParseValue(ref reader, out var doc)) return false;
                using (doc)
                {
                    var number = ++RowsRead;
                    var location = $"row {number} (line {rowLine})";
                    var values = EntityFileValues.FromJsonRow(doc.RootElement, Schema, out var problem, out var field);
                    rows.Add(problem is null
                        ? new EntityFileRow { Number = number, Location = location, Values = values }
                        : new EntityFileRow { Number = number, Location = location, Problem = problem, ProblemField = field });
                }
                break;
            case Phase.End:
                if (!reader.Read()) return false;
                // Other keys after "rows" are ignored, as Milvus's reader stops at the end of the array.
                _phase = Phase.Done;
                break;
        }
        Commit(ref reader);
        return true;
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        var consumed = (int)reader.BytesConsumed;
        _line += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        // A row larger than the buffer: grow it (a row is the unit that has to fit in memory).
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
        if (!_bomChecked && _end >= 3)
        {
            _bomChecked = true;
            if (_buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        }
        else if (_eof) _bomChecked = true;
    }

    public override ValueTask DisposeAsync() => _stream.DisposeAsync();
}
