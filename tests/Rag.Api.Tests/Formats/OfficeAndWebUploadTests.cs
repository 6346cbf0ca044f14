using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests.Formats;

/// <summary>Each Office and web format uploaded through the API: it becomes ready, and a search for something in one
/// heading, slide, sheet row or table cell finds it cited with the right page (page = slide or sheet number).</summary>
public sealed class OfficeAndWebUploadTests(OfficeAndWebUploadTests.Service service) : IClassFixture<OfficeAndWebUploadTests.Service>
{
    [Theory]
    [InlineData("report.docx", "fog horn visibility", 2, "The fog horn sounds every thirty seconds")]
    [InlineData("deck.pptx", "Tromsø office growth", 2, "Notes: Mention that the northern growth came from the new Tromsø office.")]
    [InlineData("inventory.xlsx", "Kovač Metals Maribor", 2, "Supplier: Kovač Metals; City: Maribor")]
    [InlineData("cities.csv", "Tartu Estonia", 1, "City: Tartu; Country: Estonia; Population: 97759; Founded: 1030")]
    [InlineData("page.html", "crème brûlée", 1, "Our café serves crème brûlée every day.")]
    public async Task Uploaded_file_is_searchable_with_its_page(string fixture, string query, int page, string text)
    {
        var api = service.Api;
        var id = (await api.UploadOkAsync("formats", (fixture, FixtureFiles.Bytes(fixture))))[0];
        await api.ReadyAsync(id);

        var hit = (await api.SearchAsync("formats", query)).First(r => r!["documentId"]!.GetValue<Guid>() == id)!;

        Assert.Equal(fixture, hit["fileName"]!.GetValue<string>());
        Assert.Equal(page, hit["page"]!.GetValue<int>());
        Assert.Contains(text, hit["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Navigation_and_scripts_of_a_web_page_are_not_indexed()
    {
        var api = service.Api;
        await api.ReadyAsync((await api.UploadOkAsync("formats", ("page.html", FixtureFiles.Bytes("page.html"))))[0]);

        Assert.Empty(await api.SearchAsync("formats", "Sidebar advertisement tracking"));
    }

    public sealed class Service : IAsyncLifetime
    {
        private InProcessService _service = null!;

        public RagClient Api => _service.Client;

        public async Task InitializeAsync()
        {
            _service = await InProcessService.StartAsync();
            await Api.CreateCollectionAsync("formats");
        }

        public async Task DisposeAsync() => await _service.DisposeAsync();
    }
}
