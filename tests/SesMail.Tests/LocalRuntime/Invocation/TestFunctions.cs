using System.Text;
using SesMail.Functions;

namespace SesMail.Tests.LocalRuntime.Invocation;

/// <summary>Echoes its input, prefixed with its ENVIRONMENT setting.</summary>
public sealed class EchoFunction(FunctionSettings settings)
{
    public async Task<Stream> HandleAsync(Stream input)
    {
        using var reader = new StreamReader(input);
        var text = await reader.ReadToEndAsync();
        return new MemoryStream(Encoding.UTF8.GetBytes($"{settings.Get("ENVIRONMENT")}:{text}"));
    }
}

/// <summary>Always throws.</summary>
public sealed class ThrowingFunction(FunctionSettings settings)
{
    public FunctionSettings Settings { get; } = settings;

    public Task<Stream> HandleAsync(Stream input) => throw new InvalidOperationException("router exploded");
}

/// <summary>Never finishes within a short timeout.</summary>
public sealed class SlowFunction(FunctionSettings settings)
{
    public FunctionSettings Settings { get; } = settings;

    public async Task<Stream> HandleAsync(Stream input)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        return Stream.Null;
    }
}

/// <summary>Two overloads named HandleAsync (AWS Lambda rejects this).</summary>
public sealed class OverloadedFunction(FunctionSettings settings)
{
    public FunctionSettings Settings { get; } = settings;

    public Task<Stream> HandleAsync(Stream input) => Task.FromResult<Stream>(new MemoryStream("one"u8.ToArray()));

    public Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken) => HandleAsync(input);
}

/// <summary>No FunctionSettings constructor.</summary>
public sealed class NoSettingsFunction
{
    public Stream HandleAsync(Stream input) => input;
}

/// <summary>Wrong parameter type.</summary>
public sealed class WrongShapeFunction(FunctionSettings settings)
{
    public FunctionSettings Settings { get; } = settings;

    public string HandleAsync(string input) => input;
}
