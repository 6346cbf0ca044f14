using Rag.Web.State;

namespace Rag.Web.Tests;

public sealed class FileUploadTests
{
    [Fact]
    public void Progress_is_reported_in_percent()
    {
        var upload = new FileUpload(1, "a.pdf", 1000);
        upload.Progress(250, 1000);
        Assert.Equal("Uploading · 25%", upload.Describe());
    }

    [Fact]
    public void An_accepted_duplicate_says_it_is_already_there()
    {
        var upload = new FileUpload(1, "a.pdf", 1000);
        upload.Finish(202, """[{"id":"11111111-1111-1111-1111-111111111111","fileName":"a.pdf","status":"ready","duplicate":true}]""");
        Assert.Equal("Duplicate: already in this collection", upload.Describe());
    }

    [Fact]
    public void A_stored_file_says_so()
    {
        var upload = new FileUpload(1, "a.pdf", 1000);
        upload.Finish(202, """[{"id":"11111111-1111-1111-1111-111111111111","fileName":"a.pdf","status":"queued","duplicate":false}]""");
        Assert.Equal((UploadOutcome.Stored, "Stored"), (upload.Outcome, upload.Describe()));
    }

    [Fact]
    public void A_file_refused_inside_a_multi_status_answer_shows_its_own_reason()
    {
        var upload = new FileUpload(1, "a.exe", 1000);
        upload.Finish(207, """[{"fileName":"a.exe","status":"refused","duplicate":false,"problem":{"status":415,"title":"Unsupported file type","detail":"'a.exe' is not a supported file type."}}]""");
        Assert.Equal((UploadOutcome.Refused, "Refused: 'a.exe' is not a supported file type."), (upload.Outcome, upload.Describe()));
    }

    [Fact]
    public void A_busy_service_is_waited_for()
    {
        var upload = new FileUpload(1, "a.pdf", 1000);
        upload.Wait(5);
        Assert.Equal("The service is busy; trying again in 5 s.", upload.Describe());
        upload.Progress(500, 1000);
        Assert.Equal("Uploading · 50%", upload.Describe());
    }

    [Fact]
    public void A_refusal_shows_the_problem_detail()
    {
        var upload = new FileUpload(1, "a.exe", 1000);
        upload.Finish(415, """{"title":"Unsupported file type","status":415,"detail":"'a.exe' is not a PDF, Markdown or text file."}""");
        Assert.Equal("Refused: 'a.exe' is not a PDF, Markdown or text file.", upload.Describe());
    }

    [Fact]
    public void A_network_failure_says_the_service_was_not_reached()
    {
        var upload = new FileUpload(1, "a.pdf", 1000);
        upload.Finish(0, "");
        Assert.Equal("Failed: The service could not be reached.", upload.Describe());
    }
}
