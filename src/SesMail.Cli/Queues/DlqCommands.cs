using System.CommandLine;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Queues;

/// <summary><c>sesmail dlq redrive --queue … [--max N] [--rate N]</c>.</summary>
internal static class DlqCommands
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var dlq = new Command("dlq", "Dead-letter queues.");
        var redrive = new Command("redrive", "Move messages from a DLQ back to its source queue (after fixing the cause).");
        var queue = new Option<string>("--queue", "-q")
        {
            Description = "The DLQ: input, forwarder, retry, bouncer, or a DLQ name or URL.",
            Required = true,
        };
        var max = new Option<int>("--max") { Description = "At most N messages (0 = everything present).", DefaultValueFactory = _ => 0 };
        var rate = new Option<double>("--rate") { Description = "Messages per second (0 = no limit).", DefaultValueFactory = _ => 10 };
        max.Check(value => value < 0 ? "--max must be 0 (everything) or more." : null);
        rate.Check(value => value < 0 ? "--rate must be 0 (no limit) or more." : null);
        redrive.Options.Add(queue);
        redrive.Options.Add(max);
        redrive.Options.Add(rate);
        CliRun.Bind(redrive, global, console, async (result, run, ct) =>
        {
            var pair = (await run.NamesAsync(ct).ConfigureAwait(false)).ResolveDeadLetterQueue(result.GetValue(queue)!);
            var dlqUrl = await UrlAsync(run, pair.DeadLetterQueue, ct).ConfigureAwait(false);
            var sourceUrl = await UrlAsync(run, pair.Queue, ct).ConfigureAwait(false);
            var redriver = new DlqRedriver(run.Aws.Sqs);
            RedriveResult outcome;
            if (run.Json)
            {
                outcome = await redriver.RedriveAsync(dlqUrl, sourceUrl, result.GetValue(max), result.GetValue(rate), null, ct).ConfigureAwait(false);
                run.WriteJson(outcome, CliJsonContext.Default.RedriveResult);
            }
            else
            {
                outcome = await run.Console.Ansi.Status().StartAsync(
                    $"Redriving {pair.DeadLetterQueue} → {pair.Queue}",
                    status => redriver.RedriveAsync(dlqUrl, sourceUrl, result.GetValue(max), result.GetValue(rate), r => status.Status($"Redriven {r.RedrivenCount}, failed {r.FailedCount}"), ct)).ConfigureAwait(false);
                run.Console.Ansi.MarkupLine($"Redriven [bold]{outcome.RedrivenCount}[/] message(s) from {Markup.Escape(pair.DeadLetterQueue)} to {Markup.Escape(pair.Queue)}; failed {outcome.FailedCount}.");
            }

            return outcome.FailedCount == 0 ? 0 : 1;
        });
        dlq.Subcommands.Add(redrive);
        return dlq;
    }

    private static async Task<string> UrlAsync(CliRun run, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await run.Aws.Sqs.GetQueueUrlAsync(name, cancellationToken).ConfigureAwait(false)).QueueUrl;
        }
        catch (QueueDoesNotExistException error)
        {
            throw new CliException($"queue {name} does not exist at {run.Settings.Describe()}.", "Is the stack provisioned (runtime healthy) and --env right?", 1, error);
        }
    }
}
