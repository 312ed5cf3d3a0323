using Incidents.Web.Cli;
using Incidents.Web.Hosting;
using Incidents.Web.Ui;

// Operator verbs (migrate, users, tokens, workflows) run instead of the web host.
if (CliVerbs.IsVerb(args)) return await CliVerbs.MainAsync(args);

// Content (appsettings.json) comes from the app's own folder; ./data/ stays relative to where it was started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddIncidents();
builder.AddPages();
try
{
    // Inside the try: mapping resolves services (the dashboard's storage), and with them the validated settings.
    var app = builder.Build();
    app.UseIncidents();
    app.MapPages();
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("The host did not start. Workflow definitions are checked with: dotnet run --project src/Incidents.Web -- workflows validate");
    return 1;
}
catch (Incidents.Storage.Migrations.MigrationChangedException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("The host did not start: the database's schema no longer matches its migration files.");
    return 1;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("The host did not start: another process listens on that address. Choose another with --urls or ASPNETCORE_URLS.");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    foreach (var failure in e.Failures) Console.Error.WriteLine(failure);
    Console.Error.WriteLine("The host did not start: fix these settings (appsettings.json or Incidents__... environment variables).");
    return 1;
}

public partial class Program;
