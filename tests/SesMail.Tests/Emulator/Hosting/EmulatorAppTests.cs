using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Tests.Emulator.Hosting;

/// <summary>The emulator's registrations with every real service (no test replacements).</summary>
[Trait("Kind", "Unit")]
public sealed class EmulatorAppTests
{
    /// <summary>
    /// Step Functions' task runner reaches Lambda, whose event source catalog reads every service binding, Step
    /// Functions' included: a service that injects such a dependency instead of resolving it at first use makes the
    /// container build a binding from within itself, and the emulator never starts (it hung in
    /// "Hosting starting"). Resolving every binding and hosted service must return.
    /// </summary>
    [Fact]
    public async Task Build_WithEveryRealService_ResolvesEveryBindingAndHostedService()
    {
        var data = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        await using var app = EmulatorApp.Build([], options =>
        {
            options.Port = 0;
            options.DataDirectory = data;
        });
        try
        {
            var bindings = app.Services.GetServices<IJsonService>().Select(s => s.SigningName)
                .Concat(app.Services.GetServices<IQueryService>().Select(s => s.SigningName)).ToList();
            var rest = app.Services.GetServices<IRestJsonService>().Count() + app.Services.GetServices<IRestXmlService>().Count();
            var hosted = app.Services.GetServices<IHostedService>().ToList();
            var tasks = app.Services.GetRequiredService<IAslTaskRunner>();

            bindings.Should().Contain(["states", "events", "sqs", "sns", "monitoring"]);
            rest.Should().BePositive("Lambda, Pipes and S3 are REST services");
            hosted.Should().NotBeEmpty();
            tasks.Should().NotBeNull();
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
