// Uploads files with XMLHttpRequest straight to the service's upload endpoint, one request per file, so each file
// gets real progress events and its own success or refusal. The component decides the URL and records progress.
export function attach(zone, input, component) {
    const send = files => { for (const file of files) upload(file, component); };
    zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', e => {
        e.preventDefault();
        zone.classList.remove('dragging');
        send([...e.dataTransfer.files]);
    });
    input.addEventListener('change', () => {
        const files = [...input.files];
        input.value = '';
        send(files);
    });
}

async function upload(file, component) {
    const started = await component.invokeMethodAsync('Begin', file.name, file.size);
    if (!started) return;
    const notify = (method, ...args) => component.invokeMethodAsync(method, started.id, ...args).catch(() => { });
    const form = new FormData();
    form.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open('POST', started.url);
    request.setRequestHeader('Accept', 'application/json');
    if (started.antiforgeryToken) request.setRequestHeader('RequestVerificationToken', started.antiforgeryToken);
    request.upload.onprogress = e => { if (e.lengthComputable) notify('Progress', e.loaded, e.total); };
    request.onload = () => notify('Finish', request.status, request.responseText);
    request.onerror = () => notify('Finish', 0, '');
    request.send(form);
}
