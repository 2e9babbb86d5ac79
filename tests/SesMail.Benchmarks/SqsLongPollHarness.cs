using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Emulator.Hosting;

namespace SesMail.Benchmarks;

/// <summary>
/// How soon a parked long poll returns after a send, over loopback HTTP through the AWS SDK for .NET, against an
/// in-process emulator. Each trial parks a <c>ReceiveMessage</c> with <c>WaitTimeSeconds</c> = 20, waits 20 ms so the
/// request is certainly parked, then sends one message and records when the receive completes, measured from the
/// moment the send was issued and from the moment its response arrived (milliseconds; the latter is 0 when the
/// receive completed first). Reports percentiles and the share of trials within 50 ms.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- sqs-long-poll [trials]</c> (default 200, after 20 warm-up trials).
/// Exit code 0 when every trial received its own message.
/// </summary>
internal static class SqsLongPollHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var trials = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 200;
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
        var (app, url) = await EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = folder;
        }).ConfigureAwait(false);
        try
        {
            using var sqs = new AmazonSQSClient(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonSQSConfig { ServiceURL = url.ToString(), AuthenticationRegion = "ap-southeast-2" });
            var queueUrl = (await sqs.CreateQueueAsync("long-poll").ConfigureAwait(false)).QueueUrl;
            for (var i = 0; i < 20; i++)
            {
                await TrialAsync(sqs, queueUrl, i).ConfigureAwait(false);
            }

            var fromIssue = new double[trials];
            var fromResponse = new double[trials];
            var wrong = 0;
            for (var i = 0; i < trials; i++)
            {
                var trial = await TrialAsync(sqs, queueUrl, i).ConfigureAwait(false);
                fromIssue[i] = trial.FromIssueMs;
                fromResponse[i] = trial.FromResponseMs;
                wrong += trial.Matched ? 0 : 1;
            }

            Array.Sort(fromIssue);
            Array.Sort(fromResponse);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trials: {trials}, each received its own message: {wrong == 0}"));
            Console.WriteLine("send → long poll returned (ms)     p50      p95      p99      max   within 50 ms");
            Report("from SendMessage issued", fromIssue);
            Report("from SendMessage response", fromResponse);
            return wrong == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double FromIssueMs, double FromResponseMs, bool Matched)> TrialAsync(AmazonSQSClient sqs, string queueUrl, int index)
    {
        var receive = sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 20 });
        var returnedAt = receive.ContinueWith(_ => Stopwatch.GetTimestamp(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.Delay(20).ConfigureAwait(false);

        var body = string.Create(CultureInfo.InvariantCulture, $"trial {index}");
        var issuedAt = Stopwatch.GetTimestamp();
        await sqs.SendMessageAsync(queueUrl, body).ConfigureAwait(false);
        var respondedAt = Stopwatch.GetTimestamp();
        var received = await receive.ConfigureAwait(false);
        var returned = await returnedAt.ConfigureAwait(false);
        var message = received.Messages.Single();
        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle).ConfigureAwait(false);
        return (
            Stopwatch.GetElapsedTime(issuedAt, returned).TotalMilliseconds,
            Math.Max(0, Stopwatch.GetElapsedTime(respondedAt, returned).TotalMilliseconds),
            message.Body == body);
    }

    private static void Report(string label, double[] sorted)
    {
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var within = sorted.Count(ms => ms <= 50) / (double)sorted.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-30} {At(0.50),8:F2} {At(0.95),8:F2} {At(0.99),8:F2} {sorted[^1],8:F2}   {within,10:P1}"));
    }
}
