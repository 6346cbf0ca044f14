// The page's own reconnect notice (#components-reconnect-modal, styled in app.css; Blazor's built-in one needs inline
// styles). A circuit the service no longer knows (it restarted) cannot come back: load the page again, as Blazor's does.
document.getElementById("components-reconnect-modal").addEventListener("components-reconnect-state-changed", event => {
    if (event.detail.state === "rejected") location.reload();
});
