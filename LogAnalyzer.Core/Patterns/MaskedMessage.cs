namespace LogAnalyzer.Patterns;

/// <summary>
/// One message split into whitespace tokens and masked, kept in reusable buffers (one per thread) so that mining a
/// message whose masked form was seen before allocates only its result.
/// </summary>
internal sealed class MaskedMessage
{
    private char[] _text = new char[256];
    private Token[] _tokens = new Token[32];
    private TextRange[] _variables = new TextRange[32];

    /// <summary>The message being masked.</summary>
    public string Source { get; private set; } = string.Empty;

    /// <summary>Number of tokens.</summary>
    public int Count { get; private set; }

    /// <summary>Length of the masked text (the masked tokens joined by one space).</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<char> Text => _text.AsSpan(0, Length);

    public ref readonly Token this[int index] => ref _tokens[index];

    public ReadOnlySpan<char> MaskedToken(int index) => _text.AsSpan(_tokens[index].MaskedStart, _tokens[index].MaskedLength);

    public TextRange Variable(int index) => _variables[index];

    public void Reset(string source)
    {
        Source = source;
        Count = 0;
        Length = 0;
        VariableCount = 0;
    }

    public int VariableCount { get; private set; }

    /// <summary>Starts a token of the source at <paramref name="start"/>.</summary>
    public void BeginToken(int start, int length)
    {
        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, Count * 2);
        }

        if (Count > 0)
        {
            Append(' ');
        }

        ref var token = ref _tokens[Count];
        token.Start = start;
        token.Length = length;
        token.MaskedStart = Length;
        token.FirstVariable = VariableCount;
    }

    public void EndToken()
    {
        ref var token = ref _tokens[Count];
        token.MaskedLength = Length - token.MaskedStart;
        token.VariableCount = VariableCount - token.FirstVariable;
        Count++;
    }

    /// <summary>Adds a token that is copied as it is (no variables).</summary>
    public void AddLiteralToken(int start, ReadOnlySpan<char> text)
    {
        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, Count * 2);
        }

        if (Length + text.Length + 1 > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, Length + text.Length + 1));
        }

        if (Count > 0)
        {
            _text[Length++] = ' ';
        }

        ref var token = ref _tokens[Count++];
        token.Start = start;
        token.Length = text.Length;
        token.MaskedStart = Length;
        token.MaskedLength = text.Length;
        token.FirstVariable = VariableCount;
        token.VariableCount = 0;
        text.CopyTo(_text.AsSpan(Length));
        Length += text.Length;
    }

    /// <summary>Folds the last token into the one before it (a size unit after a number: <c>5.2 KB</c>).</summary>
    public void JoinWithPrevious(int sourceEnd, ReadOnlySpan<char> maskedTail)
    {
        ref var previous = ref _tokens[Count - 1];
        Length = previous.MaskedStart + previous.MaskedLength;
        Append(maskedTail);
        previous.Length = sourceEnd - previous.Start;
        previous.MaskedLength = Length - previous.MaskedStart;
    }

    public void ExtendLastVariable(int sourceEnd)
    {
        var last = _variables[VariableCount - 1];
        _variables[VariableCount - 1] = new TextRange(last.Start, sourceEnd);
    }

    public void Append(char c)
    {
        if (Length == _text.Length)
        {
            Array.Resize(ref _text, _text.Length * 2);
        }

        _text[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, Length + text.Length));
        }

        text.CopyTo(_text.AsSpan(Length));
        Length += text.Length;
    }

    /// <summary>Writes <c>&lt;*&gt;</c> for the source characters [start, end).</summary>
    public void AppendVariable(int start, int end)
    {
        if (VariableCount == _variables.Length)
        {
            Array.Resize(ref _variables, VariableCount * 2);
        }

        _variables[VariableCount++] = new TextRange(start, end);
        Append(Wildcard.Text);
    }

    internal struct Token
    {
        public int Start;
        public int Length;
        public int MaskedStart;
        public int MaskedLength;
        public int FirstVariable;
        public int VariableCount;
    }
}
