// The document viewer's PDF page: pdf.js (served by this app from lib/pdfjs) draws the page on a canvas and lays
// its text over it (the text layer); the spans that hold the cited passage get the class "highlight".
import * as pdfjs from "./lib/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = new URL("./lib/pdfjs/pdf.worker.min.mjs", import.meta.url).href;

const documents = new Map();

// isEvalSupported: false, as the pages' Content-Security-Policy allows no eval (pdf.js would only try it and fall back).
function open(url) {
    if (!documents.has(url)) documents.set(url, pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false }).promise);
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

// Marks the text-layer spans that the quote covers. Only letters and digits are compared, without accents: PDF text
// items split and join words unpredictably, and a PDF may draw "naïve" as "na", "¨", "ı", "ve" where our extractor
// read "naive". When the whole quote is not on the page, the longest part of it that is (starting as early as possible).
function highlight(layer, quote) {
    const spans = [...layer.querySelectorAll("span")].filter(s => s.childElementCount === 0);
    let joined = "";
    const owners = [];
    for (const span of spans) {
        for (const ch of squeeze(span.textContent)) { joined += ch; owners.push(span); }
    }
    const found = locate(joined, squeeze(quote ?? ""));
    if (!found) return [];
    const marked = [...new Set(owners.slice(found.at, found.at + found.length))];
    for (const span of marked) span.classList.add("highlight");
    return marked;
}

const shortestMatch = 12;

// The longest piece of `wanted` found in `joined`: its longest prefix, else the longest prefix of what follows the
// first 12, 24, … characters (the quote may begin with text drawn elsewhere on the page, e.g. a caption).
function locate(joined, wanted) {
    let best = null;
    for (let start = 0; start + shortestMatch <= wanted.length && start <= 20 * shortestMatch; start += shortestMatch) {
        for (let part = wanted.slice(start); part.length >= shortestMatch; part = part.slice(0, Math.floor(part.length * 0.75))) {
            const at = joined.indexOf(part);
            if (at < 0) continue;
            if (!best || part.length > best.length) best = { at, length: part.length };
            break;
        }
        if (best && best.length >= (wanted.length - start) / 2) break;
    }
    return best;
}

function squeeze(text) {
    return text.normalize("NFKD").replace(/\u0131/g, "i").replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
}

// Scrolls a text page to its highlighted passage.
export function revealMark(page) {
    page?.querySelector("mark.cited:not(:empty)")?.scrollIntoView({ block: "center" });
}
