using SesMail.Cli.Hosting;

// sesmail: the operator tool for a SesMail stack (routing rules, test mail, mailboxes, queues, DLQs, load runs).
return await CliApp.RunAsync(args, CliConsole.System).ConfigureAwait(false);
