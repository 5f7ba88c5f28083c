"""A minimal FIT encoder for tests: just the messages and fields the importer reads.

Values are given raw, as stored in the file (distance in cm, times in FIT seconds, enums as
their numbers); ``fit_seconds`` converts a datetime. Each data message is preceded by its own
definition on local message 0, which the FIT protocol allows.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

from fitdecode.utils import compute_crc

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# base type number → struct format
ENUM, UINT8, UINT16, UINT32, UINT32Z = 0x00, 0x02, 0x84, 0x86, 0x8C
_FORMATS = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I", UINT32Z: "I"}

MESSAGES: dict[str, tuple[int, dict[str, tuple[int, int]]]] = {
    "file_id": (
        0,
        {
            "type": (0, ENUM),
            "manufacturer": (1, UINT16),
            "product": (2, UINT16),
            "serial_number": (3, UINT32Z),
            "time_created": (4, UINT32),
        },
    ),
    "sport": (12, {"sport": (0, ENUM), "sub_sport": (1, ENUM)}),
    "record": (20, {"timestamp": (253, UINT32), "heart_rate": (3, UINT8), "distance": (5, UINT32)}),
    "event": (21, {"timestamp": (253, UINT32), "event": (0, ENUM), "event_type": (1, ENUM)}),
    "session": (
        18,
        {
            "timestamp": (253, UINT32),
            "start_time": (2, UINT32),
            "sport": (5, ENUM),
            "sub_sport": (6, ENUM),
            "total_elapsed_time": (7, UINT32),
            "total_timer_time": (8, UINT32),
            "total_distance": (9, UINT32),
            "avg_heart_rate": (16, UINT8),
            "max_heart_rate": (17, UINT8),
        },
    ),
    "activity": (
        34,
        {
            "timestamp": (253, UINT32),
            "num_sessions": (1, UINT16),
            "type": (2, ENUM),
            "local_timestamp": (5, UINT32),
        },
    ),
    "timestamp_correlation": (162, {"timestamp": (253, UINT32), "system_timestamp": (1, UINT32)}),
}

FILE_ACTIVITY, FILE_SETTINGS = 4, 2
SPORT_RUNNING, SPORT_CYCLING, SPORT_TRANSITION, SPORT_SWIMMING = 1, 2, 3, 5
EVENT_TIMER, TIMER_START, TIMER_STOP_ALL = 0, 0, 4


def fit_seconds(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


class FitBuilder:
    def __init__(self) -> None:
        self.body = bytearray()

    def message(self, name: str, **values: int) -> FitBuilder:
        global_number, fields = MESSAGES[name]
        chosen = [(fields[key], value) for key, value in values.items()]
        definition = struct.pack("<BBBHB", 0x40, 0, 0, global_number, len(chosen))
        for (number, base_type), _ in chosen:
            size = struct.calcsize(_FORMATS[base_type])
            definition += struct.pack("<BBB", number, size, base_type)
        data = b"\x00" + b"".join(
            struct.pack(f"<{_FORMATS[base_type]}", value) for (_, base_type), value in chosen
        )
        self.body += definition + data
        return self

    def raw(self, chunk: bytes) -> FitBuilder:
        self.body += chunk
        return self

    def build(self, *, header_crc_ok: bool = True) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        header_crc = compute_crc(header) ^ (0 if header_crc_ok else 0x5555)
        header += struct.pack("<H", header_crc)
        content = header + bytes(self.body)
        return content + struct.pack("<H", compute_crc(content))
