using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>Runs definitions through <see cref="AslInterpreter"/> with a scripted task runner and a recording listener.</summary>
internal sealed class AslHarness
{
    public AslHarness() => Time = new CountingTimeProvider(Clock);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 14, 1, 59, 0, TimeSpan.Zero));

    /// <summary>The clock the interpreter sees: <see cref="Clock"/>, counting the timers created on it.</summary>
    public CountingTimeProvider Time { get; }

    /// <summary>Waits until the interpreter has created <paramref name="count"/> timers, so that advancing the clock reaches them.</summary>
    public Task WaitForTimersAsync(int count) => WaitUntilAsync(() => Time.TimersCreated >= count, $"{count} timers were created");

    public ScriptedTasks Tasks { get; } = new();

    public RecordingListener Listener { get; } = new();

    public Task<AslOutcome> StartAsync(string definition, string input = "{}", int? seed = null)
    {
        var machine = StateMachineDefinition.Parse(definition);
        var interpreter = new AslInterpreter(Time, Tasks, seed is null ? null : new Random(seed.Value));
        var context = new AslExecutionContext(
            "arn:aws:states:ap-southeast-2:000000000000:execution:test:run-1", "run-1",
            "arn:aws:states:ap-southeast-2:000000000000:stateMachine:test", "test",
            "arn:aws:iam::000000000000:role/test", Clock.GetUtcNow(), JsonNode.Parse(input), "ap-southeast-2", null);
        return Task.Run(() => interpreter.RunAsync(machine, context, Listener, null, 1, TestContext.Current.CancellationToken));
    }

    public async Task<AslOutcome> RunAsync(string definition, string input = "{}")
    {
        var outcome = await StartAsync(definition, input).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return outcome;
    }

    /// <summary>Waits (in real time, bounded) until a condition holds: the interpreter runs on other threads.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Delegates to a fake clock and counts <see cref="CreateTimer"/> calls (each Wait, retry delay and timeout is one).</summary>
    internal sealed class CountingTimeProvider(FakeTimeProvider inner) : TimeProvider
    {
        private int _timers;

        public int TimersCreated => Volatile.Read(ref _timers);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
    }

    /// <summary>Task work scripted per resource name; records calls.</summary>
    internal sealed class ScriptedTasks : IAslTaskRunner
    {
        private int _active;

        public ConcurrentQueue<AslTaskRequest> Calls { get; } = new();

        public int MaxActive;

        public Func<AslTaskRequest, CancellationToken, Task<JsonNode?>> Handler { get; set; } = (r, _) => Task.FromResult(r.Parameters?.DeepClone());

        public async Task<JsonNode?> RunAsync(AslTaskRequest request, CancellationToken cancellationToken)
        {
            Calls.Enqueue(request);
            var active = Interlocked.Increment(ref _active);
            InterlockedMax(ref MaxActive, active);
            try
            {
                return await Handler(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }

    /// <summary>Keeps history events and the last checkpoint.</summary>
    internal sealed class RecordingListener : IAslExecutionListener
    {
        private long _next = 1;

        public ConcurrentQueue<(long Id, string Type, JsonObject? Details, long Previous)> Events { get; } = new();

        public AslCheckpoint? LastCheckpoint { get; private set; }

        public IReadOnlyList<string> Types => [.. Events.OrderBy(e => e.Id).Select(e => e.Type)];

        public long Record(string type, string? detailsMember, JsonObject? details, long previousEventId)
        {
            var id = Interlocked.Increment(ref _next);
            Events.Enqueue((id, type, details, previousEventId));
            return id;
        }

        public void Checkpoint(AslCheckpoint checkpoint) => LastCheckpoint = checkpoint;
    }
}
