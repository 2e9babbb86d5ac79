// The empty ASP.NET Core app (`dotnet new web`): the floor the emulator's start-up is compared with.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "Hello World!");
app.Run();
