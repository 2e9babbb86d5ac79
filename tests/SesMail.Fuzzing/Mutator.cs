namespace SesMail.Fuzzing;

/// <summary>
/// A small, uninstrumented mutator for CI's short fuzz run (<c>--mutate</c>): byte flips, inserts and deletes,
/// splices of two corpus entries, and the inputs parsers tend to mishandle (NUL, bare CR and LF, long runs, huge
/// numbers). Coverage-guided fuzzing is afl-fuzz's job (fuzz.sh); this only keeps every target exercised on each CI run.
/// </summary>
internal sealed class Mutator(int seed, IReadOnlyList<byte[]> corpus)
{
    private static readonly byte[][] Interesting =
    [
        "\0"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\r\n.\r\n"u8.ToArray(), "%"u8.ToArray(),
        "%00"u8.ToArray(), "\""u8.ToArray(), "<"u8.ToArray(), ">"u8.ToArray(), "&"u8.ToArray(), "="u8.ToArray(),
        ":"u8.ToArray(), ";"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(),
        "-1"u8.ToArray(), "0"u8.ToArray(), "99999999999999999999"u8.ToArray(), "ffffffffffffffff"u8.ToArray(),
        "\xff\xfe"u8.ToArray(), "\u00fc"u8.ToArray(), "!Ref "u8.ToArray(), "#n"u8.ToArray(), ":v"u8.ToArray(),
    ];

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var data = corpus.Count == 0 ? [] : corpus[_random.Next(corpus.Count)].ToList();
        var rounds = 1 + _random.Next(8);
        for (var i = 0; i < rounds; i++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count + 1);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    var flip = Math.Min(at, data.Count - 1);
                    data[flip] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[Math.Min(at, data.Count - 1)] = (byte)_random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    var remove = Math.Min(data.Count - Math.Min(at, data.Count - 1), 1 + _random.Next(32));
                    data.RemoveRange(Math.Min(at, data.Count - 1), remove);
                    break;
                case 3:
                    data.InsertRange(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 4:
                    data.InsertRange(at, Enumerable.Repeat((byte)"Aa0 .\r\n\0"[_random.Next(8)], 1 + _random.Next(_random.Next(2) == 0 ? 64 : 4096)));
                    break;
                case 5 when corpus.Count > 0:
                    var other = corpus[_random.Next(corpus.Count)];
                    if (other.Length > 0)
                    {
                        var from = _random.Next(other.Length);
                        data.InsertRange(at, other.Skip(from).Take(1 + _random.Next(other.Length - from)));
                    }

                    break;
                case 6 when data.Count > 1:
                    var start = _random.Next(data.Count);
                    var length = 1 + _random.Next(Math.Min(64, data.Count - start));
                    data.InsertRange(at, data.GetRange(start, length));
                    break;
                default:
                    data.Insert(at, (byte)_random.Next(256));
                    break;
            }
        }

        return [.. data];
    }
}
