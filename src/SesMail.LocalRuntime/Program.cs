using SesMail.LocalRuntime.Hosting;
using SesMail.ServiceDefaults;

// SesMail.LocalRuntime: runs what AWS runs for us (function invocation, event source mappings, the pipe, the SES
// receiving edge) against any backend, reading the CloudFormation template.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddLocalRuntime(builder.Configuration);
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
