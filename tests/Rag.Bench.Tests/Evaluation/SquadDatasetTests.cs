using Rag.Eval.Squad;

namespace Rag.Bench.Tests.Evaluation;

public class SquadDatasetTests : IDisposable
{
    private readonly string file = Path.GetTempFileName();

    public void Dispose() => File.Delete(file);

    [Fact]
    public void Paragraphs_become_documents_and_answerable_questions_queries_judged_against_their_paragraph()
    {
        File.WriteAllText(file, """
            {"version": "v2.0", "data": [
              {"title": "Normans", "paragraphs": [
                {"context": "The Normans gave their name to Normandy.", "qas": [
                  {"question": "Who gave their name to Normandy?", "id": "q1", "answers": [{"text": "The Normans", "answer_start": 0}], "is_impossible": false},
                  {"question": "Who gave Normandy to the Danes?", "id": "q2", "answers": [], "is_impossible": true}]},
                {"context": "Rollo was their first ruler.", "qas": [
                  {"question": "Who was the first ruler?", "id": "q3", "answers": [{"text": "Rollo", "answer_start": 0}]}]}]},
              {"title": "泡泡战士", "paragraphs": [
                {"id": "TRIAL_800", "context": "生命数耗完即算为踢爆。", "qas": [
                  {"question": "生命数耗完即算为什么？", "id": "TRIAL_800_QUERY_0", "answers": [{"text": "踢爆", "answer_start": 7}]}]}]}]}
            """);

        var dataset = SquadDataset.Load(file);

        Assert.Equal(["p1", "p2", "p3"], dataset.Corpus.Select(d => d.Id));
        Assert.Equal("Normans\n\nThe Normans gave their name to Normandy.", dataset.Corpus[0].Content);
        Assert.Equal("泡泡战士\n\n生命数耗完即算为踢爆。", dataset.Corpus[2].Content);
        Assert.Equal(["q1", "q3", "TRIAL_800_QUERY_0"], dataset.Queries.Select(q => q.Id));
        Assert.Equal("生命数耗完即算为什么？", dataset.Queries[2].Text);
        Assert.Equal(3, dataset.Qrels.Count);
        Assert.Equal(new Dictionary<string, int> { ["p1"] = 1 }, dataset.Qrels["q1"]);
        Assert.Equal(new Dictionary<string, int> { ["p2"] = 1 }, dataset.Qrels["q3"]);
        Assert.Equal(new Dictionary<string, int> { ["p3"] = 1 }, dataset.Qrels["TRIAL_800_QUERY_0"]);
    }

    [Fact]
    public void A_file_that_is_not_squad_is_refused()
    {
        File.WriteAllText(file, """{"_id": "d1", "text": "a BEIR corpus line"}""");

        var error = Assert.Throws<FormatException>(() => SquadDataset.Load(file));

        Assert.Contains("'data' array", error.Message);
    }

    [Fact]
    public void A_repeated_question_id_is_refused()
    {
        File.WriteAllText(file, """
            {"data": [{"title": "T", "paragraphs": [
              {"context": "One.", "qas": [{"question": "one?", "id": "q"}]},
              {"context": "Two.", "qas": [{"question": "two?", "id": "q"}]}]}]}
            """);

        var error = Assert.Throws<FormatException>(() => SquadDataset.Load(file));

        Assert.Contains("'q' occurs twice", error.Message);
    }
}
