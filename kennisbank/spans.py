"""Spans of text found by several patterns: keep the longest where they overlap."""

from __future__ import annotations

from typing import Protocol, Sequence, TypeVar


class Span(Protocol):
    begin: int
    eind: int


S = TypeVar("S", bound=Span)


def longest_first(spans: Sequence[S]) -> list[S]:
    """Non-overlapping spans in text order; where spans overlap, the one that starts first (and, at the same
    start, the longest) wins."""
    ordered = sorted(spans, key=lambda s: (s.begin, -(s.eind - s.begin)))
    out: list[S] = []
    for s in ordered:
        if out and s.begin < out[-1].eind:
            continue
        out.append(s)
    return out
