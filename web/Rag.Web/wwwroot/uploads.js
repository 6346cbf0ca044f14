// Uploads files with XMLHttpRequest straight to the service's upload endpoint, one request per file, so each file
// gets real progress events and its own outcome. The component decides the URL and records progress and outcomes.
// A dropped folder is walked, so every file inside it (and in its subfolders) is uploaded.
const maxRetries = 20;

export function attach(zone, input, component) {
    const send = files => { for (const file of files) upload(file, component); };
    zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', async e => {
        e.preventDefault();
        zone.classList.remove('dragging');
        const entries = [...e.dataTransfer.items].map(item => item.webkitGetAsEntry?.()).filter(entry => entry);
        send(entries.length > 0 ? await filesIn(entries) : [...e.dataTransfer.files]);
    });
    input.addEventListener('change', () => {
        const files = [...input.files];
        input.value = '';
        send(files);
    });
}

async function filesIn(entries) {
    const files = [];
    for (const entry of entries) {
        if (entry.isFile) files.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
        else if (entry.isDirectory) files.push(...await filesIn(await childrenOf(entry)));
    }
    return files;
}

// readEntries answers in batches (100 in Chromium) until it returns none.
async function childrenOf(directory) {
    const reader = directory.createReader();
    const children = [];
    for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) return children;
        children.push(...batch);
    }
}

async function upload(file, component) {
    const started = await component.invokeMethodAsync('Begin', file.name, file.size);
    if (!started) return;
    const notify = (method, ...args) => component.invokeMethodAsync(method, started.id, ...args).catch(() => { });
    const send = attempt => {
        const form = new FormData();
        form.append('file', file, file.name);
        const request = new XMLHttpRequest();
        request.open('POST', started.url);
        request.setRequestHeader('Accept', 'application/json');
        if (started.antiforgeryToken) request.setRequestHeader('RequestVerificationToken', started.antiforgeryToken);
        request.upload.onprogress = e => { if (e.lengthComputable) notify('Progress', e.loaded, e.total); };
        request.onload = () => {
            // A big folder can outrun the upload rate limit or the ingestion queue: wait as told, then send again.
            if (request.status === 429 && attempt < maxRetries) {
                const seconds = Math.max(1, parseInt(request.getResponseHeader('Retry-After'), 10) || 5);
                notify('Wait', seconds);
                setTimeout(() => send(attempt + 1), seconds * 1000);
            } else notify('Finish', request.status, request.responseText);
        };
        request.onerror = () => notify('Finish', 0, '');
        request.send(form);
    };
    send(0);
}
