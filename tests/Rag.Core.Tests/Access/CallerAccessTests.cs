using Rag.Contracts;
using Rag.Core.Access;
using Rag.Core.Domain;
using Rag.Core.Errors;

namespace Rag.Core.Tests.Access;

public sealed class CallerAccessTests
{
    private static readonly Collection Readable = new() { Name = "readable" }, Writable = new() { Name = "writable" }, Other = new() { Name = "other" };

    private static readonly CallerAccess Scoped = new(false, new Dictionary<Guid, CollectionAccess>
    {
        [Readable.Id] = CollectionAccess.Read,
        [Writable.Id] = CollectionAccess.Write,
    });

    [Fact]
    public void Write_implies_read_and_read_alone_does_not_allow_writing()
    {
        Assert.True(Scoped.CanRead(Writable.Id));
        Assert.True(Scoped.CanWrite(Writable.Id));
        Assert.True(Scoped.CanRead(Readable.Id));
        Assert.False(Scoped.CanWrite(Readable.Id));
        Assert.False(Scoped.CanRead(Other.Id));
        Assert.False(Scoped.CanWrite(Other.Id));
    }

    [Fact]
    public void An_unreadable_collection_is_reported_as_missing_and_a_read_only_one_as_forbidden()
    {
        Assert.Equal(RejectionReason.NotFound, Assert.Throws<RequestRejectedException>(() => Scoped.EnsureCanWrite(Other)).Reason);
        Assert.Equal(RejectionReason.NotFound, Assert.Throws<RequestRejectedException>(() => Scoped.EnsureCanRead(Other)).Reason);
        Assert.Equal(RejectionReason.NotPermitted, Assert.Throws<RequestRejectedException>(() => Scoped.EnsureCanWrite(Readable)).Reason);
        Assert.Equal(RejectionReason.NotPermitted, Assert.Throws<RequestRejectedException>(() => Scoped.EnsureAdmin("create collections")).Reason);
        Scoped.EnsureCanWrite(Writable);
        CallerAccess.Admin.EnsureCanWrite(Other);
        CallerAccess.Admin.EnsureAdmin("create collections");
    }

    [Fact]
    public void Listing_keeps_only_readable_collections_and_admins_see_all()
    {
        var all = new[] { Readable, Writable, Other }.AsQueryable();
        Assert.Equal(["readable", "writable"], Scoped.Readable(all).Select(c => c.Name));
        Assert.Equal(3, CallerAccess.Admin.Readable(all).Count());
        Assert.Empty(CallerAccess.Nothing.Readable(all));
    }
}
