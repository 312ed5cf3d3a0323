using Microsoft.Extensions.Options;

namespace Incidents.Web.Hosting;

/// <summary>
/// Settings bound from one configuration section and checked when the host starts (ValidateOnStart): a wrong setting
/// stops the host with a message naming its key, instead of failing on first use. The bound object is also registered
/// as itself, for the classes that take it directly.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section,
        Func<T, IEnumerable<string>> problems) where T : class
    {
        var options = services.AddOptions<T>().BindConfiguration(section);
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(problems));
        options.ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return options;
    }

    private sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            problems(options).ToList() is { Count: > 0 } p ? ValidateOptionsResult.Fail(p) : ValidateOptionsResult.Success;
    }
}
