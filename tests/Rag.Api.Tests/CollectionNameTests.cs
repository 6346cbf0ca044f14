using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>Names that look like another collection's cannot be created beside it: names are NFKC-normalised, end with a
/// letter or digit, and take their letters from one script.</summary>
public sealed class CollectionNameTests
{
    [Fact]
    public async Task Look_alike_names_are_refused_or_found_to_exist_and_one_script_names_are_created()
    {
        await using var service = await InProcessService.StartAsync();
        await service.Client.CreateCollectionAsync("alpha");

        var fullwidth = await CreateAsync(service, "ａｌｐｈａ");
        Assert.Equal(HttpStatusCode.Conflict, fullwidth.StatusCode);
        Assert.Contains("'alpha' already exists", (await RagClient.ProblemAsync(fullwidth))["detail"]!.GetValue<string>());

        var cyrillic = await CreateAsync(service, "\u0430lpha");
        Assert.Equal(HttpStatusCode.BadRequest, cyrillic.StatusCode);
        var problem = await RagClient.ProblemAsync(cyrillic);
        Assert.Equal("Mixed-script collection name", problem["title"]!.GetValue<string>());
        Assert.Contains("mixes letters of Cyrillic and Latin", problem["detail"]!.GetValue<string>());

        foreach (var name in (string[])["alpha.", "alpha-", "Ωmega", "alpha\u0456"])
        {
            var refused = await CreateAsync(service, name);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, name);
            Assert.Contains("takes its letters from one script", (await RagClient.ProblemAsync(refused))["detail"]!.GetValue<string>());
        }

        var created = await CreateAsync(service, "ｂｅｔａ２");
        Assert.Equal("beta2", (await created.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>());
        string[] oneScript = ["资料库", "日本語のノート", "한국어자료", "report-2024年", "Ωμέγα", "данные_1"];
        foreach (var name in oneScript)
            Assert.True((await CreateAsync(service, name)).StatusCode == HttpStatusCode.Created, name);

        var names = (await service.Client.Http.GetFromJsonAsync<JsonArray>("/api/collections"))!.Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(oneScript.Append("alpha").Append("beta2").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    private static Task<HttpResponseMessage> CreateAsync(InProcessService service, string name) =>
        service.Client.Http.PostAsJsonAsync("/api/collections", new { name });
}
