import { revealBidiControls } from './bidiControls';

/**
 * A name from the server (host, login account, user, activity…) as the user should read it: its bidi
 * controls made visible, and the whole isolated in <bdi>, so a right-to-left name cannot reorder the
 * separator or the name shown next to it ("host — account").
 */
export function IsolatedName({ text }: { text: string }) {
  return <bdi>{revealBidiControls(text)}</bdi>;
}
