using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Rag.Api.Hosting;

/// <summary>Options bound from a configuration section and checked when the service starts: a bad setting stops
/// start-up with a message that names it as it is written in configuration (e.g. "Rag:Ingestion:Concurrency").</summary>
public static class SettingsValidation
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its data annotations on start,
    /// and registers the bound object itself for the classes that take it directly. Returns the values as configured,
    /// for choices made while registering (which adapter to add).</summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class, new()
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettings<T>(section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return configuration.GetSection(section).Get<T>() ?? new T();
    }

    private sealed class AnnotatedSettings<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
                return ValidateOptionsResult.Success;
            return ValidateOptionsResult.Fail(errors.Select(e =>
                $"{section}:{string.Join(", ", e.MemberNames)}: {e.ErrorMessage}"));
        }
    }
}
