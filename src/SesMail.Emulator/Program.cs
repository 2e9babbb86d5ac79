using SesMail.Emulator.Hosting;

// SesMail.Emulator: the AWS APIs (and the Gmail API) that SesMail calls, on http://127.0.0.1:4566.
var app = EmulatorApp.Build(args);
await app.RunAsync();
