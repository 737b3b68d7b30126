"""Atomic file replacement (kennisbank/duurzaam.py): whole or absent, never shared temp files, the right mode."""

from __future__ import annotations

import stat
import threading

from kennisbank.duurzaam import schrijf_atomisch
from kennisbank.tokens import Tokens


def test_concurrent_writers_of_one_file_never_clash(tmp_path):
    pad = tmp_path / "generatie"
    fouten = []

    def schrijf(i):
        try:
            for j in range(50):
                schrijf_atomisch(pad, f"{i}-{j}" * 100, duurzaam=j % 2 == 0)
        except Exception as exc:  # noqa: BLE001
            fouten.append(exc)

    threads = [threading.Thread(target=schrijf, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not fouten
    tekst = pad.read_text()
    deel = tekst[: tekst.index("-") + 3]
    assert len(tekst) % 100 == 0 and tekst == tekst[: len(tekst) // 100] * 100, deel  # one writer's whole text
    assert [p.name for p in tmp_path.iterdir()] == ["generatie"]  # no temp file left behind


def test_tokens_file_is_private(tmp_path):
    Tokens(tmp_path).maak("projectleider")
    bestanden = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert bestanden and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in bestanden)
