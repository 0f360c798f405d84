namespace LogAnalyzer.Anomalies;

/// <summary>
/// The P² algorithm (Jain and Chlamtac, 1985): estimates one quantile of a stream in constant memory, with five
/// markers whose heights are adjusted by piecewise-parabolic interpolation.
/// </summary>
internal sealed class StreamingQuantile(double quantile)
{
    private readonly double[] _heights = new double[5];
    private readonly double[] _positions = [1, 2, 3, 4, 5];
    private readonly double[] _desired = [1, 1 + (2 * quantile), 1 + (4 * quantile), 3 + (2 * quantile), 5];
    private readonly double[] _increments = [0, quantile / 2, quantile, (1 + quantile) / 2, 1];

    public long Count { get; private set; }

    /// <summary>The current estimate; exact while fewer than five values were seen.</summary>
    public double Value
    {
        get
        {
            if (Count >= 5)
            {
                return _heights[2];
            }

            if (Count == 0)
            {
                return 0;
            }

            var seen = _heights.AsSpan(0, (int)Count).ToArray();
            Array.Sort(seen);
            return seen[(int)Math.Min(Count - 1, Math.Round(quantile * (Count - 1)))];
        }
    }

    public void Add(double value)
    {
        if (Count < 5)
        {
            _heights[Count++] = value;
            if (Count == 5)
            {
                Array.Sort(_heights);
            }

            return;
        }

        Count++;
        int cell;
        if (value < _heights[0])
        {
            _heights[0] = value;
            cell = 0;
        }
        else if (value >= _heights[4])
        {
            _heights[4] = value;
            cell = 3;
        }
        else
        {
            cell = 0;
            while (value >= _heights[cell + 1])
            {
                cell++;
            }
        }

        for (var i = cell + 1; i < 5; i++)
        {
            _positions[i]++;
        }

        for (var i = 0; i < 5; i++)
        {
            _desired[i] += _increments[i];
        }

        for (var i = 1; i <= 3; i++)
        {
            var offset = _desired[i] - _positions[i];
            if ((offset >= 1 && _positions[i + 1] - _positions[i] > 1) || (offset <= -1 && _positions[i - 1] - _positions[i] < -1))
            {
                var step = Math.Sign(offset);
                var candidate = Parabolic(i, step);
                _heights[i] = _heights[i - 1] < candidate && candidate < _heights[i + 1] ? candidate : Linear(i, step);
                _positions[i] += step;
            }
        }
    }

    private double Parabolic(int i, int d) =>
        _heights[i] + (d / (_positions[i + 1] - _positions[i - 1]) * (
            ((_positions[i] - _positions[i - 1] + d) * (_heights[i + 1] - _heights[i]) / (_positions[i + 1] - _positions[i])) +
            ((_positions[i + 1] - _positions[i] - d) * (_heights[i] - _heights[i - 1]) / (_positions[i] - _positions[i - 1]))));

    private double Linear(int i, int d) => _heights[i] + (d * (_heights[i + d] - _heights[i]) / (_positions[i + d] - _positions[i]));
}
