#!/usr/bin/env python3
"""FreeRDP's own NSCodec encoder and decoder (libfreerdp2, the library freerdp-shadow-cli and xfreerdp use),
called through ctypes for nscFreerdp.test.ts: the real peer's bytes and pixels to check decodeNsc against.

argv: width height colour_loss_level subsampling(0|1). stdin: the image, width × height RGBA, rows top-down.
stdout: u32 LE length of the stream, the NSCodec stream nsc_compose_message made from the image (as the
shadow server sends it), then the width × height RGBA that nsc_process_message decodes it to, flipped
vertically as xfreerdp's gdi does for surface bits (rows top-down on screen).
"""
import ctypes
import struct
import sys

FREERDP = ctypes.CDLL("libfreerdp2.so.2")
WINPR = ctypes.CDLL("libwinpr2.so.2")

NSC_COLOR_LOSS_LEVEL = 0
NSC_ALLOW_SUBSAMPLING = 1
NSC_COLOR_FORMAT = 3
PIXEL_FORMAT_RGBA32 = (32 << 24) | (3 << 16) | (8 << 12) | (8 << 8) | (8 << 4) | 8
FREERDP_FLIP_VERTICAL = 1


class WStream(ctypes.Structure):
    """winpr's wStream (winpr/stream.h, 2.x): only the two pointers are read."""

    _fields_ = [("buffer", ctypes.c_void_p), ("pointer", ctypes.c_void_p)]


FREERDP.nsc_context_new.restype = ctypes.c_void_p
FREERDP.nsc_context_set_parameters.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
FREERDP.nsc_compose_message.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p] + [ctypes.c_uint32] * 3
FREERDP.nsc_process_message.argtypes = (
    [ctypes.c_void_p, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_uint32]
    + [ctypes.c_void_p]
    + [ctypes.c_uint32] * 7
)
FREERDP.nsc_context_free.argtypes = [ctypes.c_void_p]
WINPR.Stream_New.restype = ctypes.POINTER(WStream)
WINPR.Stream_New.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
WINPR.Stream_Free.argtypes = [ctypes.POINTER(WStream), ctypes.c_int]


def main() -> None:
    width, height, loss, subsampling = (int(a) for a in sys.argv[1:5])
    image = sys.stdin.buffer.read()
    if len(image) != width * height * 4:
        sys.exit(f"expected {width * height * 4} bytes of RGBA, got {len(image)}")

    encoder = FREERDP.nsc_context_new()
    FREERDP.nsc_context_set_parameters(encoder, NSC_COLOR_LOSS_LEVEL, loss)
    FREERDP.nsc_context_set_parameters(encoder, NSC_ALLOW_SUBSAMPLING, subsampling)
    FREERDP.nsc_context_set_parameters(encoder, NSC_COLOR_FORMAT, PIXEL_FORMAT_RGBA32)
    padded = ((width + 7) // 8 * 8) * ((height + 1) // 2 * 2)
    stream = WINPR.Stream_New(None, 20 + 4 * padded + 64)
    if not FREERDP.nsc_compose_message(encoder, stream, image, width, height, width * 4):
        sys.exit("nsc_compose_message failed")
    size = stream.contents.pointer - stream.contents.buffer
    message = ctypes.string_at(stream.contents.buffer, size)

    decoder = FREERDP.nsc_context_new()
    pixels = ctypes.create_string_buffer(width * height * 4)
    if not FREERDP.nsc_process_message(
        decoder, 32, width, height, message, len(message), pixels, PIXEL_FORMAT_RGBA32, width * 4, 0, 0,
        width, height, FREERDP_FLIP_VERTICAL,
    ):
        sys.exit("nsc_process_message failed")

    sys.stdout.buffer.write(struct.pack("<I", len(message)) + message + pixels.raw)
    WINPR.Stream_Free(stream, 1)
    FREERDP.nsc_context_free(encoder)
    FREERDP.nsc_context_free(decoder)


main()
