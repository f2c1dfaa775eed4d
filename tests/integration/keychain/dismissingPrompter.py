#!/usr/bin/env python3
"""A system prompter that dismisses every prompt, for keytar.test.ts.

gnome-keyring asks for passwords (unlock a keyring, create the default keyring) through gcr's prompter
protocol on the session bus: it calls org.gnome.keyring.internal.Prompter on the name
org.gnome.keyring.SystemPrompter (gcr/org.gnome.keyring.Prompter.xml). The real prompter (gcr-prompter) is a
GTK window and cannot run headless, so this stand-in owns that name on the test's private bus and answers
each prompt the way gcr-prompter does when the user presses Cancel: PromptReady with the reply "no".
gnome-keyring and libsecret are the real ones; only the person in front of the dialog is simulated.

Each prompt it was asked to show is appended to the file given as argv[1] (one JSON object a line), and
"ready" is printed once the name is owned, so the caller starts the client only then.
"""
import base64
import json
import secrets
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.gnome.keyring.SystemPrompter"
PROMPTER_PATH = "/org/gnome/keyring/Prompter"
PROMPTER_INTERFACE = "org.gnome.keyring.internal.Prompter"
CALLBACK_INTERFACE = "org.gnome.keyring.internal.Prompter.Callback"

# The secret exchange starts with a Diffie-Hellman public key in the 1536-bit MODP group (RFC 3526, group 5),
# as gcr-secret-exchange.c does; a dismissal sends no secret, but the peer still expects a well-formed start.
MODP_1536 = int(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd"
    "ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f"
    "83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca237327ffffffffffffffff",
    16,
)


def exchange_start():
    public = pow(2, secrets.randbits(1536) % (MODP_1536 - 2) + 1, MODP_1536)
    encoded = base64.b64encode(public.to_bytes(192, "big")).decode()
    return "[sx-aes-1]\npublic=%s\n" % encoded


class DismissingPrompter(dbus.service.Object):
    def __init__(self, bus, log_path):
        super().__init__(bus, PROMPTER_PATH)
        self.bus = bus
        self.log_path = log_path

    def callback(self, sender, path):
        return dbus.Interface(self.bus.get_object(sender, path, introspect=False), CALLBACK_INTERFACE)

    def reply_later(self, sender, path, method, *args):
        # The prompter replies to the client's method first and calls back afterwards, as gcr-prompter does.
        def call():
            getattr(self.callback(sender, path), method)(*args, ignore_reply=True)
            return False

        GLib.idle_add(call)

    @dbus.service.method(PROMPTER_INTERFACE, in_signature="o", out_signature="", sender_keyword="sender")
    def BeginPrompting(self, callback, sender=None):
        empty = dbus.Dictionary({}, signature="sv")
        self.reply_later(sender, callback, "PromptReady", "", empty, exchange_start())

    @dbus.service.method(PROMPTER_INTERFACE, in_signature="osa{sv}s", out_signature="", sender_keyword="sender")
    def PerformPrompt(self, callback, kind, properties, exchange, sender=None):
        shown = {"type": str(kind)}
        for key in ("title", "message", "description"):
            if key in properties:
                shown[key] = str(properties[key])
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(shown) + "\n")
        empty = dbus.Dictionary({}, signature="sv")
        self.reply_later(sender, callback, "PromptReady", "no", empty, exchange_start())

    @dbus.service.method(PROMPTER_INTERFACE, in_signature="o", out_signature="", sender_keyword="sender")
    def StopPrompting(self, callback, sender=None):
        self.reply_later(sender, callback, "PromptDone")


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    prompter = DismissingPrompter(bus, sys.argv[1])
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    print("ready", flush=True)
    GLib.MainLoop().run()
    del prompter, name


if __name__ == "__main__":
    main()
