using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Rag.Infrastructure.Diagnostics;
using Rag.Testing.Documents;
using Rag.Testing.Hosting;

namespace Rag.Api.Tests;

/// <summary>Traces, metrics and structured logs of the real service, observed the way an operator's collector would
/// see them: spans and measurements of the "Rag" source and meter, the Prometheus scrape, the JSON console log.</summary>
public sealed class TelemetryTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Ingesting_a_pdf_and_asking_about_it_produce_the_span_tree_and_metrics()
    {
        using var telemetry = new TelemetryRecorder();
        await using var service = await InProcessService.StartAsync();
        var api = service.Client;
        var collection = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateCollectionAsync(collection);
        var pdf = await File.ReadAllBytesAsync(EvalPdfs.PathOf("papers-multicolumn/ICML03-081.pdf"));
        var id = (await api.UploadOkAsync(collection, ("paper.pdf", pdf))).Single();
        var document = await api.ReadyAsync(id);
        var chunkCount = document["chunkCount"]!.GetValue<int>();

        var ingest = await TelemetryRecorder.EventuallyAsync(
            () => telemetry.Spans.FirstOrDefault(s => s.OperationName == "ingest" && Equals(s.GetTagItem(RagTelemetry.DocumentId), id)), "ingest span");
        Assert.Equal(collection, ingest.GetTagItem(RagTelemetry.Collection));
        Assert.Equal("ready", ingest.GetTagItem(RagTelemetry.Outcome));
        Assert.Equal(8, ingest.GetTagItem(RagTelemetry.Pages));
        Assert.Equal(chunkCount, ingest.GetTagItem(RagTelemetry.Chunks));
        Assert.NotEqual(ActivityStatusCode.Error, ingest.Status);

        var stages = telemetry.Spans.Where(s => s.ParentSpanId == ingest.SpanId && s.TraceId == ingest.TraceId).ToList();
        Assert.Equal(["ingest.claim", "ingest.extract", "ingest.chunk", "ingest.index"], stages.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        Assert.Equal(8, Stage("ingest.extract").GetTagItem(RagTelemetry.Pages));
        Assert.Equal(chunkCount, Stage("ingest.chunk").GetTagItem(RagTelemetry.Chunks));
        Assert.Equal(chunkCount, Stage("ingest.index").GetTagItem(RagTelemetry.Chunks));
        Assert.All(stages.Where(s => s.OperationName != "ingest.claim"), s =>
        {
            Assert.Equal(id, s.GetTagItem(RagTelemetry.DocumentId));
            Assert.Equal(collection, s.GetTagItem(RagTelemetry.Collection));
        });

        var answer = await api.AskAsync(collection, "What is naive Bayes text classification?");
        var sources = answer["sources"]!.AsArray().Count;
        var ask = await TelemetryRecorder.EventuallyAsync(
            () => telemetry.Spans.FirstOrDefault(s => s.OperationName == "ask" && Equals(s.GetTagItem(RagTelemetry.Collection), collection)), "ask span");
        Assert.Equal(answer["grounded"]!.GetValue<bool>(), ask.GetTagItem(RagTelemetry.Grounded));
        var askChildren = telemetry.Spans.Where(s => s.ParentSpanId == ask.SpanId).ToList();
        var retrieve = Assert.Single(askChildren, s => s.OperationName == "retrieve");
        Assert.Equal("keyword", retrieve.GetTagItem(RagTelemetry.SearchMode));
        Assert.Equal(sources, retrieve.GetTagItem(RagTelemetry.Hits));
        Assert.True(sources > 0);
        Assert.Contains(askChildren, s => s.OperationName == "ask.rewrite");
        Assert.Equal("extractive", Assert.Single(askChildren, s => s.OperationName == "ask.generate").GetTagItem(RagTelemetry.Generator));

        Assert.Equal(1, Sum("rag.ingestion.documents", m => Equals(m.Tags[RagTelemetry.Outcome], "ready")));
        Assert.Equal(0, Sum("rag.ingestion.documents", m => Equals(m.Tags[RagTelemetry.Outcome], "failed")));
        Assert.Equal(8, Sum("rag.ingestion.pages"));
        Assert.Equal(chunkCount, Sum("rag.ingestion.chunks"));
        var ingestSeconds = Assert.Single(Ours("rag.ingestion.duration")).Value;
        Assert.InRange(ingestSeconds, 0.0001, 300);
        var askSeconds = Assert.Single(Ours("rag.ask.duration")).Value;
        Assert.InRange(askSeconds, 0.0001, 300);
        Assert.Contains(Ours("rag.search.duration"), m => Equals(m.Tags[RagTelemetry.SearchMode], "keyword"));

        Activity Stage(string name) => stages.Single(s => s.OperationName == name);
        IEnumerable<Measurement> Ours(string instrument) =>
            telemetry.Measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(RagTelemetry.Collection), collection));
        double Sum(string instrument, Func<Measurement, bool>? where = null) => Ours(instrument).Where(where ?? (_ => true)).Sum(m => m.Value);
    }

    [Fact]
    public async Task An_llm_answer_records_generation_verification_first_token_and_tokens()
    {
        const string reply = "The P-200 pump takes at most 12 bar [1].";
        using var telemetry = new TelemetryRecorder();
        await using var llm = await ScriptedChatServer.StartAsync();
        llm.Script = request => ScriptedChatServer.Messages(request)[0].Content == Rag.Core.Answering.AnswerPrompt.RewriteSystem
            ? "What is the maximum pressure of the P-200 pump?"
            : reply;
        await using var service = await InProcessService.StartAsync("--Rag:Llm:Provider=openai", $"--Rag:Llm:Endpoint={llm.Endpoint}", "--Rag:Llm:Model=scripted-model");
        var api = service.Client;
        var collection = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        await api.CreateCollectionAsync(collection);
        await api.ReadyAsync((await api.UploadOkAsync(collection, ("pump.md", Utf8("# Pump\n\nThe maximum operating pressure of the P-200 pump is 12 bar.")))).Single());

        var response = await api.Http.PostAsJsonAsync("/api/ask", new
        {
            collection, question = "And its maximum pressure?",
            conversation = new[] { new { role = "user", content = "Tell me about the P-200 pump." }, new { role = "assistant", content = "It is a pump." } },
        });
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(answer["grounded"]!.GetValue<bool>(), answer.ToJsonString());

        var ask = await TelemetryRecorder.EventuallyAsync(
            () => telemetry.Spans.FirstOrDefault(s => s.OperationName == "ask" && Equals(s.GetTagItem(RagTelemetry.Collection), collection)), "ask span");
        var children = telemetry.Spans.Where(s => s.ParentSpanId == ask.SpanId).ToList();
        Assert.Equal(["ask.rewrite", "retrieve", "ask.decide", "ask.generate", "ask.verify"], children.OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        Assert.Equal(2, children.Single(s => s.OperationName == "ask.rewrite").GetTagItem("rag.ask.conversation_turns"));
        var generate = children.Single(s => s.OperationName == "ask.generate");
        var pieces = (reply.Length + 2) / 3; // the scripted server streams three characters at a time and reports no usage
        Assert.Equal("llm", generate.GetTagItem(RagTelemetry.Generator));
        Assert.Equal((long)pieces, generate.GetTagItem(RagTelemetry.OutputTokens));
        var verify = children.Single(s => s.OperationName == "ask.verify");
        Assert.Equal(true, verify.GetTagItem(RagTelemetry.Grounded));
        Assert.Equal(1, verify.GetTagItem(RagTelemetry.Citations));

        var ours = telemetry.Measurements.Where(m => Equals(m.Tags.GetValueOrDefault(RagTelemetry.Collection), collection)).ToList();
        Assert.Single(ours, m => m.Instrument == "rag.llm.time_to_first_token" && m.Value > 0);
        Assert.Equal(pieces, ours.Where(m => m.Instrument == "rag.llm.output_tokens").Sum(m => m.Value));
        Assert.Single(ours, m => m.Instrument == "rag.ask.duration" && Equals(m.Tags[RagTelemetry.Grounded], true));

        // Microsoft.Extensions.AI's OpenTelemetry middleware on the same source and meter: one gen_ai "chat" span per call
        // to the model, under the step that made it, and its gen_ai.client.* metrics.
        var chat = Assert.Single(telemetry.Spans, s => s.ParentSpanId == generate.SpanId);
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("scripted-model", chat.GetTagItem("gen_ai.request.model"));
        var rewriteStep = children.Single(s => s.OperationName == "ask.rewrite");
        Assert.Single(telemetry.Spans, s => s.ParentSpanId == rewriteStep.SpanId && Equals(s.GetTagItem("gen_ai.operation.name"), "chat"));
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "gen_ai.client.operation.duration");
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "gen_ai.client.operation.time_to_first_chunk");
    }

    [Fact]
    public async Task A_document_that_fails_ends_its_ingest_span_in_error_and_counts_as_failed()
    {
        using var telemetry = new TelemetryRecorder();
        await using var service = await InProcessService.StartAsync();
        var collection = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        await service.Client.CreateCollectionAsync(collection);
        var id = (await service.Client.UploadOkAsync(collection, ("blank.txt", Utf8("   \n\n   ")))).Single();
        var document = await service.Client.WaitSettledAsync(id);
        Assert.Equal("failed", document["status"]!.GetValue<string>());

        var ingest = await TelemetryRecorder.EventuallyAsync(
            () => telemetry.Spans.FirstOrDefault(s => s.OperationName == "ingest" && Equals(s.GetTagItem(RagTelemetry.DocumentId), id)), "ingest span");
        Assert.Equal(ActivityStatusCode.Error, ingest.Status);
        Assert.Equal("failed", ingest.GetTagItem(RagTelemetry.Outcome));
        Assert.Equal(document["error"]!.GetValue<string>(), ingest.StatusDescription);
        var extract = Assert.Single(telemetry.Spans, s => s.ParentSpanId == ingest.SpanId && s.OperationName == "ingest.extract");
        Assert.Equal(ActivityStatusCode.Error, extract.Status);
        Assert.Contains(telemetry.Measurements, m => m.Instrument == "rag.ingestion.documents"
            && Equals(m.Tags[RagTelemetry.Outcome], "failed") && Equals(m.Tags[RagTelemetry.Collection], collection));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_metrics_and_logs_are_exported_to_it()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var service = await InProcessService.StartAsync(
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Endpoint}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100", "--OTEL_BLRP_SCHEDULE_DELAY=100", "--OTEL_METRIC_EXPORT_INTERVAL=500");
        var api = service.Client;
        await api.CreateCollectionAsync("exported");
        var ready = (await api.UploadOkAsync("exported", ("pump.md", Utf8("# Pump\n\nThe maximum pressure of the P-200 pump is 12 bar.")))).Single();
        var blank = (await api.UploadOkAsync("exported", ("blank.txt", Utf8("  \n  ")))).Single();
        await api.ReadyAsync(ready);
        await api.WaitSettledAsync(blank);

        await TelemetryRecorder.EventuallyAsync(() => collector.Received("/v1/traces", "ingest.extract", ready.ToString(), "exported") ? "" : null, "ingest spans over OTLP");
        await TelemetryRecorder.EventuallyAsync(() => collector.Received("/v1/metrics", "rag.ingestion.documents", "exported") ? "" : null, "ingest metrics over OTLP");
        await TelemetryRecorder.EventuallyAsync(() => collector.Received("/v1/logs", blank.ToString(), "The document contains no text.") ? "" : null, "the failure log over OTLP");
    }

    [Fact]
    public async Task Prometheus_endpoint_serves_the_metrics_after_an_ingest()
    {
        await using var service = await InProcessService.StartAsync("--Rag:Telemetry:PrometheusEndpoint=/metrics");
        var api = service.Client;
        await api.CreateCollectionAsync("scraped");
        var id = (await api.UploadOkAsync("scraped", ("pump.md", Utf8("# Pump\n\nThe maximum pressure of the P-200 pump is 12 bar.")))).Single();
        await api.ReadyAsync(id);
        await api.AskAsync("scraped", "What is the maximum pressure?");

        var scrape = await TelemetryRecorder.EventuallyAsync(async () =>
        {
            var text = await api.Http.GetStringAsync("/metrics");
            return text.Contains("rag_ask_duration_seconds_count") && text.Contains("rag_ingestion_documents_total") ? text : null;
        }, "ingest and ask metrics in the scrape");
        Assert.Matches(@"rag_ingestion_documents_total\{[^}]*rag_collection=""scraped""[^}]*rag_outcome=""ready""[^}]*\} 1", scrape);
        Assert.Matches(@"rag_ingestion_queue_depth\{[^}]*\} 0", scrape);
        Assert.Matches(@"rag_ask_duration_seconds_count\{[^}]*rag_collection=""scraped""[^}]*\} 1", scrape);
        Assert.Contains("http_server_request_duration_seconds", scrape);
    }

    [Fact]
    public async Task Prometheus_endpoint_is_off_unless_configured()
    {
        await using var service = await InProcessService.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.Http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Json_console_logs_carry_document_and_answer_events_as_named_fields()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("rag-logs-").FullName;
        try
        {
            using var service = await ChildProcessService.StartAsync(dataDirectory, "--Logging:Console:FormatterName=json");
            var api = service.Client;
            await api.CreateCollectionAsync("logged");
            var ready = (await api.UploadOkAsync("logged", ("pump.md", Utf8("# Pump\n\nThe maximum pressure of the P-200 pump is 12 bar.")))).Single();
            var blank = (await api.UploadOkAsync("logged", ("blank.txt", Utf8("  \n  ")))).Single();
            await api.ReadyAsync(ready);
            await api.WaitSettledAsync(blank);
            await api.AskAsync("logged", "What is the maximum pressure?");

            var readyLog = await LogAsync(service, e => e["State"]?["DocumentId"]?.GetValue<string>() == ready.ToString() && e["State"]?["Chunks"] is not null);
            Assert.Equal("logged", readyLog["State"]!["Collection"]!.GetValue<string>());
            Assert.Equal("1", readyLog["State"]!["Pages"]!.ToString());
            Assert.Contains(readyLog["Scopes"]!.AsArray(), s => s?["DocumentId"]?.GetValue<string>() == ready.ToString());

            var failedLog = await LogAsync(service, e => e["State"]?["DocumentId"]?.GetValue<string>() == blank.ToString() && e["State"]?["Reason"] is not null);
            Assert.Equal("The document contains no text.", failedLog["State"]!["Reason"]!.GetValue<string>());

            var answered = await LogAsync(service, e => e["State"]?["Grounded"] is not null);
            Assert.Equal("logged", answered["State"]!["Collection"]!.GetValue<string>());
            Assert.NotNull(answered["State"]!["ElapsedMs"]);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Task<JsonObject> LogAsync(ChildProcessService service, Func<JsonObject, bool> match) =>
        TelemetryRecorder.EventuallyAsync(() => service.Output
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .FirstOrDefault(match), "log entry");
}
