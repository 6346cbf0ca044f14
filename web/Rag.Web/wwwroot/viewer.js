// The document viewer's PDF page: pdf.js (served by this app from lib/pdfjs) draws the page on a canvas and lays
// its text over it (the text layer); the spans that hold the cited passage get the class "highlight".
import * as pdfjs from "./lib/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = new URL("./lib/pdfjs/pdf.worker.min.mjs", import.meta.url).href;

const documents = new Map();

function open(url) {
    if (!documents.has(url)) documents.set(url, pdfjs.getDocument({ url, withCredentials: true }).promise);
    return documents.get(url);
}

// Renders page `number` of the PDF at `url` into `container`, highlights `quote` and scrolls to it.
// Returns { pages, highlighted } (how many spans hold the quote).
export async function showPage(container, url, number, quote) {
    const pdf = await open(url);
    const page = await pdf.getPage(Math.min(Math.max(number, 1), pdf.numPages));
    const frame = getComputedStyle(container.parentElement);
    const width = Math.max(container.parentElement.clientWidth - parseFloat(frame.paddingLeft) - parseFloat(frame.paddingRight), 280);
    const scale = Math.min(width / page.getViewport({ scale: 1 }).width, 2);
    const viewport = page.getViewport({ scale });

    container.replaceChildren();
    container.style.setProperty("--total-scale-factor", String(scale));
    container.style.width = `${viewport.width}px`;
    container.style.height = `${viewport.height}px`;
    const canvas = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    const text = document.createElement("div");
    text.className = "textLayer";
    container.append(canvas, text);

    await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
    await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();

    const marked = highlight(text, quote);
    marked[0]?.scrollIntoView({ block: "center" });
    return { pages: pdf.numPages, highlighted: marked.length };
}

// Marks the text-layer spans that the quote covers. Text is compared without whitespace (PDF text items split and
// join words unpredictably); when the whole quote is not on the page, its longest leading part that is.
function highlight(layer, quote) {
    const spans = [...layer.querySelectorAll("span")].filter(s => s.childElementCount === 0);
    let joined = "";
    const owners = [];
    for (const span of spans) {
        for (const ch of squeeze(span.textContent)) { joined += ch; owners.push(span); }
    }
    let wanted = squeeze(quote ?? "");
    let at = -1;
    while (wanted.length >= 12 && (at = joined.indexOf(wanted)) < 0) wanted = wanted.slice(0, Math.floor(wanted.length * 0.75));
    if (at < 0) return [];
    const marked = [...new Set(owners.slice(at, at + wanted.length))];
    for (const span of marked) span.classList.add("highlight");
    return marked;
}

function squeeze(text) {
    return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

// Scrolls a text page to its highlighted passage.
export function revealMark(page) {
    page?.querySelector("mark.cited:not(:empty)")?.scrollIntoView({ block: "center" });
}
