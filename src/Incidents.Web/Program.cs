using Incidents.Web.Cli;
using Incidents.Web.Hosting;

// Operator verbs (migrate, users, tokens, workflows) run instead of the web host.
if (CliVerbs.IsVerb(args)) return await CliVerbs.MainAsync(args);

// Content (appsettings.json) comes from the app's own folder; ./data/ stays relative to where it was started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddIncidents();
var app = builder.Build();
app.UseIncidents();
try
{
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("The host did not start. Fix the definitions (check them with: dotnet run --project src/Incidents.Web -- workflows validate).");
    return 1;
}

public partial class Program;
