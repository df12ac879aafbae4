"""Day One export zips as Day One writes them (see docs/import.md for the format's sources)."""

import io
import json
import zipfile

from tests.journal.media import photo

PHOTO_ID = "76F9B0AC37954B51BF8B9146498B29C2"
PHOTO_MD5 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def dayone_entry(**fields) -> dict:
    entry = {
        "uuid": "81F0F3CA693F484792F76359E9E2ACE8",
        "creationDate": "2024-03-01T08:15:00Z",
        "modifiedDate": "2024-03-02T09:00:00Z",
        "timeZone": "Europe/Berlin",
        "starred": False,
        "duration": 0,
        "text": "# After the first session\n\nI felt lighter\\. It\\'s strange\\!",
        "richText": json.dumps({"meta": {"version": 1}, "contents": []}),
        "tags": ["integration", "calm"],
    }
    entry.update(fields)
    return entry


def sample_entries() -> list[dict]:
    """Three entries as a real journal has them: a heading title with a photo and a place,
    a plain one starred, one with an entry link and a video."""
    return [
        dayone_entry(
            text=(
                "# After the first session\n\n"
                f"![](dayone-moment://{PHOTO_ID})\n\n"
                "I felt lighter\\. It\\'s strange\\!\n"
                "1990\\. was a year\\."
            ),
            photos=[
                {
                    "identifier": PHOTO_ID,
                    "md5": PHOTO_MD5,
                    "type": "jpeg",
                    "orderInEntry": 0,
                    "width": 2048,
                    "height": 1536,
                }
            ],
            location={
                "localityName": "Berlin",
                "country": "Germany",
                "latitude": 52.52,
                "longitude": 13.4,
                "placeName": "Somewhere 1",
            },
            weather={"temperatureCelsius": 3, "conditionsDescription": "Cloudy"},
        ),
        dayone_entry(
            uuid="1546F37361264E129200B2CA6A885855",
            creationDate="2024-03-05T21:40:12Z",
            modifiedDate=None,
            text="A quiet evening.\u2028The second line.",
            tags=["Sleep", "sleep", "a, b"],
            starred=True,
        ),
        dayone_entry(
            uuid="EBA5F438453C4B279333E82BFFE015CE",
            creationDate="2024-04-10T06:00:00Z",
            text=(
                "Morning walk\n\nLike [that day](dayone://view?entryId="
                "81F0F3CA693F484792F76359E9E2ACE8).\n\n![](dayone-moment:/video/ABCDEF0123)"
            ),
            tags=[],
            videos=[{"identifier": "ABCDEF0123", "md5": "ff00", "type": "mov"}],
        ),
    ]


def dayone_zip(
    journals: dict | None = None, extra: dict | None = None, *, photo_bytes: bytes | None = None
) -> bytes:
    """The zip, with the sample entry's photo: a real JPEG carrying a GPS position and the
    camera's make in its EXIF, unless `photo_bytes` says otherwise."""
    journals = journals if journals is not None else {"Journal.json": sample_entries()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, entries in journals.items():
            data = {"metadata": {"version": "1.0"}, "entries": entries}
            archive.writestr(name, json.dumps(data, indent=2))
        content = photo(gps=True) if photo_bytes is None else photo_bytes
        archive.writestr(f"photos/{PHOTO_MD5}.jpeg", content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
