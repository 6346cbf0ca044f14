using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace Rag.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>One call the stand-in received: <c>Service/Method</c> (e.g. <c>Points/Upsert</c>), the request message as
/// the client serialised it, the <c>api-key</c> metadata and the call's deadline (<see cref="DateTime.MaxValue"/> when none).</summary>
internal sealed record RecordedCall(string Method, IMessage Request, string? ApiKey, DateTime Deadline, DateTime ReceivedAt)
{
    public T As<T>() where T : IMessage => (T)Request;
}

/// <summary>
/// Kestrel on a loopback port (HTTP/2 without TLS, as gRPC clients speak to <c>http://</c> addresses) serving the parts of
/// Qdrant's <c>qdrant.Collections</c> and <c>qdrant.Points</c> gRPC services the adapter uses, with the message types
/// of the Qdrant.Client package itself. It records every call, keeps a set of existing collections (points calls on
/// any other answer NotFound, like Qdrant), and can be told to fail the next calls with a status or to answer late.
/// Methods it does not serve answer Unimplemented, so a call the adapter should not make fails loudly.
/// </summary>
internal sealed class QdrantStandIn : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<Status> _faults = new();

    /// <summary>The address to give the adapter.</summary>
    public string Url => _app.Urls.Single();

    public IReadOnlyList<RecordedCall> Calls => _calls.ToList();

    /// <summary>Names of the Qdrant collections that exist; Create adds, Delete removes.</summary>
    public ConcurrentDictionary<string, bool> Collections { get; } = new();

    /// <summary>What Query answers for every collection that exists.</summary>
    public List<ScoredPoint> QueryHits { get; } = [];

    /// <summary>What Count answers.</summary>
    public ulong PointCount { get; set; }

    /// <summary>How long every call waits before answering (the wait ends when the client gives up).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The next <paramref name="times"/> calls fail with <paramref name="status"/>.</summary>
    public void FailNext(int times, StatusCode status, string detail = "")
    {
        for (var i = 0; i < times; i++)
            _faults.Enqueue(new Status(status, detail));
    }

    public static async Task<QdrantStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var standIn = new QdrantStandIn();
        builder.Services.AddSingleton<IServiceMethodProvider<StandInService>>(new StandInMethods(standIn));
        standIn._app = builder.Build();
        standIn._app.MapGrpcService<StandInService>();
        await standIn._app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<TResponse> HandleAsync<TRequest, TResponse>(string method, TRequest request, ServerCallContext context, Func<TRequest, TResponse> answer)
        where TRequest : IMessage
    {
        _calls.Enqueue(new RecordedCall(method, request, context.RequestHeaders.GetValue("api-key"), context.Deadline, DateTime.UtcNow));
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, context.CancellationToken);
        if (_faults.TryDequeue(out var fault))
            throw new RpcException(fault);
        return answer(request);
    }

    private void RequireCollection(string name)
    {
        if (!Collections.ContainsKey(name))
            throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));
    }

    private static PointsOperationResponse Completed() =>
        new() { Result = new UpdateResult { OperationId = 1, Status = UpdateStatus.Completed }, Time = 0.001 };

    /// <summary>The served methods, by the names and message types of Qdrant's service definitions.</summary>
    private void Register(ServiceMethodProviderContext<StandInService> context)
    {
        Add<CollectionExistsRequest, CollectionExistsResponse>(context, "Collections", "CollectionExists",
            r => new CollectionExistsResponse { Result = new CollectionExists { Exists = Collections.ContainsKey(r.CollectionName) } });
        Add<CreateCollection, CollectionOperationResponse>(context, "Collections", "Create", r =>
        {
            if (!Collections.TryAdd(r.CollectionName, true))
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{r.CollectionName}` already exists!"));
            return new CollectionOperationResponse { Result = true };
        });
        Add<DeleteCollection, CollectionOperationResponse>(context, "Collections", "Delete",
            r => new CollectionOperationResponse { Result = Collections.TryRemove(r.CollectionName, out _) });
        Add<CreateFieldIndexCollection, PointsOperationResponse>(context, "Points", "CreateFieldIndex", r =>
        {
            RequireCollection(r.CollectionName);
            return Completed();
        });
        Add<UpsertPoints, PointsOperationResponse>(context, "Points", "Upsert", r =>
        {
            RequireCollection(r.CollectionName);
            return Completed();
        });
        Add<DeletePoints, PointsOperationResponse>(context, "Points", "Delete", r =>
        {
            RequireCollection(r.CollectionName);
            return Completed();
        });
        Add<QueryPoints, QueryResponse>(context, "Points", "Query", r =>
        {
            RequireCollection(r.CollectionName);
            return new QueryResponse { Result = { QueryHits } };
        });
        Add<CountPoints, CountResponse>(context, "Points", "Count", r =>
        {
            RequireCollection(r.CollectionName);
            return new CountResponse { Result = new CountResult { Count = PointCount } };
        });
    }

    private void Add<TRequest, TResponse>(ServiceMethodProviderContext<StandInService> context, string service, string name, Func<TRequest, TResponse> answer)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(MethodType.Unary, $"qdrant.{service}", name, Marshaller<TRequest>(), Marshaller<TResponse>());
        context.AddUnaryMethod(method, [], (_, request, call) => HandleAsync($"{service}/{name}", request, call, answer));
    }

    private static Marshaller<T> Marshaller<T>() where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
    }

    /// <summary>The gRPC service type the endpoints are mapped under; the methods come from <see cref="StandInMethods"/>.</summary>
    public sealed class StandInService;

    private sealed class StandInMethods(QdrantStandIn standIn) : IServiceMethodProvider<StandInService>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<StandInService> context) => standIn.Register(context);
    }
}
