// The SesMail AppHost: a parts list. Backend, local runtime and dashboard.
var builder = DistributedApplication.CreateBuilder(args);

// Backend
var emulator = builder.AddProject<Projects.SesMail_Emulator>("emulator")
    .WithHttpHealthCheck("/_sesmail/health");

// Runtime
builder.AddProject<Projects.SesMail_LocalRuntime>("runtime")
    .WithReference(emulator.GetEndpoint("http"))
    .WaitFor(emulator);

builder.Build().Run();
