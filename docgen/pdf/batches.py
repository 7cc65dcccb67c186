"""How many documents one ``soffice --convert-to pdf`` call may take, and how the documents of a
run are shared between the LibreOffice workers.

LibreOffice 7.4 reads at most 253 command-line arguments after the program name, options
included, and silently ignores the rest: it exits 0 having converted only the first ones
(measured: with docgen's 13 options, 240 of 324 files). Windows adds its own limit, 32,767
characters for the whole command line. A batch is therefore sized from the command itself;
a worker with more documents converts them in several batches in sequence, each started
with the same (own) profile.

What a document costs to convert is its pages, which are not known before it is converted;
the size of its text (``word/document.xml``, uncompressed) stands in for them, plus a fixed
cost per document (loading, writing, fonts).

Also here: what a conversion run counts (``ConversionStats``), so that a document LibreOffice
left out of its batch and converted alone (a second each) is never silent.
"""

from __future__ import annotations

import heapq
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

MAX_ARGUMENTS = 253  # after the program name, options included (LibreOffice 7.4)
WINDOWS_COMMAND_LINE = 32767  # characters, the terminating NUL included (CreateProcessW)
FIXED_COST = 16384  # bytes of text a document costs beyond its own (start, fonts, writing)


def batch_room(command: Sequence[str], inputs: Sequence[str], *, windows: bool) -> int:
    """How many of ``inputs`` (in order) fit after ``command`` in one call: at most
    ``MAX_ARGUMENTS`` arguments after the program name, and on Windows a command line (as
    ``subprocess`` quotes it) of at most ``WINDOWS_COMMAND_LINE - 1`` characters."""
    room = max(0, min(len(inputs), MAX_ARGUMENTS - (len(command) - 1)))
    if not windows:
        return room
    length = len(subprocess.list2cmdline(list(command)))
    for n, path in enumerate(inputs[:room]):
        length += 1 + len(subprocess.list2cmdline([path]))
        if length > WINDOWS_COMMAND_LINE - 1:
            return n
    return room


def balance(items: Sequence[T], workers: int, weight: Callable[[T], int]) -> list[list[T]]:
    """``items`` shared between at most ``workers`` lists of about equal total weight (heaviest
    first to the lightest list); every list non-empty, in the input order within a list."""
    order = {id(item): n for n, item in enumerate(items)}
    heap: list[tuple[int, int, list[T]]] = [(0, n, []) for n in range(max(1, workers))]
    for item in sorted(items, key=lambda i: (-weight(i), order[id(i)])):
        load, n, share = heapq.heappop(heap)
        share.append(item)
        heapq.heappush(heap, (load + weight(item), n, share))
    shares = [share for _, _, share in sorted(heap, key=lambda t: t[1]) if share]
    return [sorted(share, key=lambda i: order[id(i)]) for share in shares]


def split(items: Sequence[T], room: int) -> list[list[T]]:
    """``items`` in consecutive batches of at most ``room``, as few as possible and of about
    equal size (a 250-document share with room for 240 gives 125 + 125, not 240 + 10)."""
    if not items:
        return []
    room = max(1, room)
    count = -(-len(items) // room)
    size, extra = divmod(len(items), count)
    batches: list[list[T]] = []
    start = 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        batches.append(list(items[start:end]))
        start = end
    return batches


def shortfall(error: str | None, timed_out: bool, returncode: int | None, stderr: str) -> str:
    """Why a batch did not deliver some of its documents, in words shared by all of them (the
    build's summary counts the documents per reason)."""
    if error:
        return error
    if timed_out:
        return "LibreOffice bị treo giữa lô văn bản, đã dừng tiến trình"
    if returncode:
        return f"LibreOffice dừng bất thường giữa lô văn bản (mã thoát {returncode})"
    if "could not be loaded" in stderr:
        return "LibreOffice không mở được tệp DOCX trong lô"
    return "LibreOffice kết thúc lô văn bản mà không chuyển hết, không báo lỗi"


def culprits(seen: Sequence[str], leftovers: Sequence[T], name: Callable[[T], str]) -> tuple[list[T], list[T]]:
    """The documents a batch did not deliver, split into those LibreOffice had started on (one
    of them made it crash or hang) and those it never reached. LibreOffice converts in the order
    given; where it names no document (Windows), the first one missing is taken as the culprit."""
    if seen:
        started = set(seen)
        return [d for d in leftovers if name(d) in started], [d for d in leftovers if name(d) not in started]
    return list(leftovers[:1]), list(leftovers[1:])


@dataclass
class ConversionStats:
    """What a ``convert_all`` run did: batches, documents converted alone and why, and where
    its time went (seconds summed over the workers)."""

    batches: int = 0  # soffice calls over a batch (more than one document, or the only one)
    by_batch: int = 0  # PDFs delivered by a batch call
    lone: int = 0  # documents a batch did not deliver, retried with a LibreOffice of their own
    by_lone: int = 0  # of which converted
    reasons: Counter[str] = field(default_factory=Counter)  # why documents were left to a lone retry
    convert_seconds: float = 0.0  # LibreOffice running
    normalise_seconds: float = 0.0  # reading, normalising and writing the PDFs
    pages: dict[str, int] = field(default_factory=dict)  # doc_id → pages of its written PDF

    def add(self, other: ConversionStats) -> None:
        self.batches += other.batches
        self.by_batch += other.by_batch
        self.lone += other.lone
        self.by_lone += other.by_lone
        self.reasons.update(other.reasons)
        self.convert_seconds += other.convert_seconds
        self.normalise_seconds += other.normalise_seconds
        self.pages.update(other.pages)
