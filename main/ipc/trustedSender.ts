/**
 * Whether an IPC call comes from our own page: the top-level frame of our window, showing our origin.
 * A subframe, another window, a frame that navigated elsewhere, or a call without a frame is refused.
 */
import { originOf } from '../app/appOrigin';

export interface SenderInfo {
  /** `event.sender.id`: the WebContents that sent the message. */
  webContentsId: number;
  /** `event.senderFrame`, reduced to what the decision needs; null when the frame is gone. */
  frame: { url: string; isTopLevel: boolean } | null;
}

export interface ExpectedSender {
  webContentsId: number;
  /** `scheme://host[:port]` of the page we loaded. */
  origin: string;
}

export function isTrustedSender(info: SenderInfo, expected: ExpectedSender | null): boolean {
  if (!expected || !info.frame) return false;
  if (info.webContentsId !== expected.webContentsId) return false;
  if (!info.frame.isTopLevel) return false;
  return originOf(info.frame.url) === expected.origin;
}
