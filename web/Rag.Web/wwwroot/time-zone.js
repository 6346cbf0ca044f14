// The browser's time zone (an IANA id such as "Europe/Ljubljana"), so the server renders times as the reader's clock shows them.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
