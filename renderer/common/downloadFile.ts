/** Saves text through the browser's download path (Electron shows its save dialog for it). */
export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  // The BOM lets Excel detect UTF-8, so non-ASCII host and user names survive.
  const blob = new Blob(['\ufeff', text], { type: mime });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
