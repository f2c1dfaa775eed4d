/**
 * Copies text that is not a secret (a session ID, a summary, a link) from a click. Secrets never come here:
 * they go through main's `credentials.copy`, which keeps them out of clipboard history and clears them.
 * The async clipboard API is tried first; where it is refused (Electron denies permission requests), the
 * selection of a hidden text area is copied. Resolves whether the text was copied.
 */
export async function copyPlainText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    const focused = document.activeElement as HTMLElement | null;
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    focused?.focus();
    return copied;
  }
}
