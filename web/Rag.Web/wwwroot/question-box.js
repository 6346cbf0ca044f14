// The question box: Enter sends the question, Shift+Enter starts a new line (and Enter while an input method is
// composing text stays with the input method).
export function attach(textarea) {
    textarea.addEventListener("keydown", event => {
        if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
        event.preventDefault();
        textarea.form?.requestSubmit();
    });
}

// Brings a new answer into view.
export function reveal(element) {
    element?.scrollIntoView({ block: "start", behavior: "smooth" });
}
