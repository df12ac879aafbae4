"""Small real files of every kind an attachment can be, made in the test (no binary fixtures)."""

import io
import struct

from PIL import Image


def photo(fmt="JPEG", size=(64, 48), *, gps=False, orientation=None, colour="teal") -> bytes:
    image = Image.new("RGB", size, colour)
    # A mark in the top-left corner, so turning the image upright can be seen in the pixels.
    for x in range(size[0] // 4):
        for y in range(size[1] // 4):
            image.putpixel((x, y), (255, 0, 0))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    kwargs = {"exif": exif.tobytes()} if (gps or orientation) else {}
    if fmt == "PNG" and gps:
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Location", "51.5N 0.1W")
        kwargs["pnginfo"] = info
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def heic() -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return photo("HEIF")


def mp3(seconds=2.0) -> bytes:
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of 1152 samples.
    header = bytes([0xFF, 0xFB, 0x90, 0x64])
    frames = int(seconds * 44100 / 1152)
    return (header + bytes(413)) * frames


def ogg_opus(seconds=3.0) -> bytes:
    from mutagen.ogg import OggPage

    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    pages = []
    for sequence, (packet, position, first) in enumerate(
        [
            (head, 0, True),
            (tags, 0, False),
            (b"\xfc" + bytes(40), int(312 + seconds * 48000), False),
        ]
    ):
        page = OggPage()
        page.serial, page.sequence, page.position = 7, sequence, position
        page.first = first
        page.last = sequence == 2
        page.packets = [packet]
        pages.append(page.write())
    return b"".join(pages)


def _atom(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def m4a(seconds=4.0) -> bytes:
    ftyp = _atom(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom")
    mvhd = _atom(
        b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, int(seconds * 1000)) + bytes(80)
    )
    mdhd = _atom(
        b"mdhd", bytes(4) + struct.pack(">IIII", 0, 0, 44100, int(seconds * 44100)) + bytes(4)
    )
    hdlr = _atom(b"hdlr", bytes(8) + b"soun" + bytes(12) + b"\x00")
    esds = _atom(
        b"esds",
        bytes(4)
        + b"\x03\x19\x00\x01\x00\x04\x11\x40\x15"
        + bytes(11)
        + b"\x05\x02\x12\x10\x06\x01\x02",
    )
    mp4a = _atom(
        b"mp4a",
        bytes(6)
        + struct.pack(">H", 1)
        + bytes(8)
        + struct.pack(">HHHHI", 2, 16, 0, 0, 44100 << 16)
        + esds,
    )
    stsd = _atom(b"stsd", bytes(4) + struct.pack(">I", 1) + mp4a)
    stbl = _atom(b"stbl", stsd)
    minf = _atom(b"minf", stbl)
    mdia = _atom(b"mdia", mdhd + hdlr + minf)
    trak = _atom(b"trak", mdia)
    moov = _atom(b"moov", mvhd + trak)
    return ftyp + moov + _atom(b"mdat", bytes(64))


def webm() -> bytes:
    # The EBML header of a WebM file (DocType "webm"), then a Segment of a few bytes.
    doctype = b"\x42\x82\x84webm"
    header = (
        b"\x1a\x45\xdf\xa3"
        + bytes([0x80 | (len(doctype) + 8)])
        + b"\x42\x86\x81\x01"
        + b"\x42\xf7\x81\x01"
        + doctype
    )
    return header + b"\x18\x53\x80\x67\x88" + bytes(8)
