var app = Rag.Api.RagApp.Build(args);
await app.RunAsync();
