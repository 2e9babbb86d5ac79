using SesMail.AppHost;

// The SesMail AppHost: a parts list. Everything with logic lives in SesMailResourceExtensions.
var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostSettings.From(builder.Configuration, builder.AppHostDirectory);

// A port another stack holds: one line each, before anything starts.
if (PortCheck.Busy(PortCheck.Listeners(settings)) is { Count: > 0 } busy)
{
    foreach (var listener in busy)
    {
        Console.Error.WriteLine(PortCheck.Message(listener));
    }

    return 1;
}

// Backend: the embedded emulator (default), a LocalStack container, or AWS through a profile.
var backend = builder.AddSesMailBackend(settings);

// Runtime: provisions the stack (functions, mappings and the pipe run in the backend), runs the handlers attached, and the SMTP edge.
var runtime = builder.AddSesMailRuntime(settings, backend);

// Console: once the runtime is healthy, say where the dashboard, the mailbox and the SMTP port are.
builder.AnnounceWhenReady(settings, backend, runtime);

try
{
    builder.Build().Run();
}
catch (Exception error) when (PortCheck.IsAddressInUse(error))
{
    Console.Error.WriteLine(PortCheck.DashboardMessage(error));
    return 1;
}

return 0;
