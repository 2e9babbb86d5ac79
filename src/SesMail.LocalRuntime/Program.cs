using SesMail.LocalRuntime.Hosting;
using SesMail.ServiceDefaults;

// SesMail.LocalRuntime: provisions the CloudFormation template into the backend (whose Lambda service runs the
// functions, their event source mappings and the pipe), runs the handlers in this process attached to that Lambda
// service for the quick dev loop, and serves the SES receiving edge (SMTP).
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddLocalRuntime(builder.Configuration);
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
