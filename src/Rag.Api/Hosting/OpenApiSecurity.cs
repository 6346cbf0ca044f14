using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rag.Api.Hosting;

/// <summary>Describes the API key in the OpenAPI document, so generated clients and API explorers send it.</summary>
public static class OpenApiSecurity
{
    private const string SchemeName = "ApiKey";

    public static void DescribeApiKey(this OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (rag_…) as 'Authorization: Bearer <key>'; 'X-Api-Key: <key>' works too. Health routes need none.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    });
}
