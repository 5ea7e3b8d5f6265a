"""A small PNG reader (8-bit RGB/RGBA, non-interlaced: what Chromium writes), standard library
only, for checking screenshots: `python3 png.py stats shot.png` prints its size and how much of it
is drawn; `python3 png.py crop shot.png out.png TOP HEIGHT` writes a horizontal band of it."""

import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {color}, interlace {interlace}")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def write(path, width, height, channels, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    color = 2 if channels == 3 else 6
    chunk = lambda k, b: struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def stats(path):
    """(width, height, distinct colours, share of pixels that differ from the most common one)."""
    width, height, ch, rows = read(path)
    counts = {}
    for r in rows[::2]:
        for x in range(0, len(r), ch * 2):
            px = r[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    background = max(counts.values())
    return width, height, len(counts), 1 - background / total


if __name__ == "__main__":
    if sys.argv[1] == "stats":
        w, h, colours, drawn = stats(sys.argv[2])
        print(f"{w}x{h} colours={colours} drawn={drawn:.3f}")
    elif sys.argv[1] == "crop":
        w, h, ch, rows = read(sys.argv[2])
        top, height = int(sys.argv[4]), int(sys.argv[5])
        band = rows[top:top + height]
        write(sys.argv[3], w, len(band), ch, band)
