using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using SesMail.Emulator.Hosting;

namespace SesMail.Benchmarks;

/// <summary>
/// SQS send → receive → delete round trips through the AWS SDK for .NET against an in-process emulator on loopback
/// (one message in flight at a time). Throughput in round trips per second = 1 / Mean.
/// Run: <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*SqsRoundTrip*' --inProcess</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SqsRoundTripBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sesmail-bench", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private AmazonSQSClient _sqs = null!;
    private string _queueUrl = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Uri url;
        (_app, url) = await EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = _folder;
        });
        _sqs = new AmazonSQSClient(new BasicAWSCredentials("AKIDBENCH", "secret"), new AmazonSQSConfig { ServiceURL = url.ToString(), AuthenticationRegion = "ap-southeast-2" });
        _queueUrl = (await _sqs.CreateQueueAsync("bench")).QueueUrl;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sqs.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "SQS send→receive→delete (SDK, loopback)")]
    public async Task SendReceiveDeleteAsync()
    {
        await _sqs.SendMessageAsync(_queueUrl, "{\"bench\":true}");
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = _queueUrl, WaitTimeSeconds = 1 });
        await _sqs.DeleteMessageAsync(_queueUrl, received.Messages[0].ReceiptHandle);
    }
}
