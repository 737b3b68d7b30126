"""`kennisbank regels haal`: fetching from a BWB repository, against a real local HTTP server."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from pathlib import Path

import pytest

from kennisbank.cli import main
from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout
from kennisbank.regels.haal import Expressie, haal, kies_versie, lees_manifest

REPO = Path(__file__).resolve().parent.parent
BWB = REPO.parent / "shared" / "fixtures" / "bwb"

pytestmark = pytest.mark.skipif(not BWB.is_dir(), reason="shared BWB fixtures not available")


def manifest(bwb_id: str, versies: list[tuple[str, int, str]]) -> str:
    """A manifest in the layout of the official repository: <work> with one <expression> per version."""
    expr = "".join(
        f'  <expression label="{d}_{i}">\n'
        f"    <metadata>\n"
        f"      <datum_inwerkingtreding>{d}</datum_inwerkingtreding>\n"
        f"      <einddatum>{eind}</einddatum>\n"
        f"      <zichtdatum_start>{d}</zichtdatum_start>\n"
        f"      <zichtdatum_eind>9999-12-31</zichtdatum_eind>\n"
        f"    </metadata>\n"
        f'    <manifestation label="xml">\n'
        f'      <item label="{bwb_id}_{d}_{i}.xml"/>\n'
        f"    </manifestation>\n"
        f"  </expression>\n"
        for d, i, eind in versies
    )
    laatste = versies[-1]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<work label="{bwb_id}" '
            f'_latestItem="{laatste[0]}_{laatste[1]}/xml/{bwb_id}_{laatste[0]}_{laatste[1]}.xml">\n{expr}</work>\n')


def zet(root: Path, rel: str, data: bytes | str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    pw = "BWBR0015703"
    zet(root, f"bwb/{pw}/manifest.xml", manifest(pw, [("2024-01-01", 0, "2025-12-31"), ("2026-01-01", 0, "9999-12-31")]))
    for d in ("2024-01-01", "2026-01-01"):
        zet(root, f"bwb/{pw}/{d}_0/xml/{pw}_{d}_0.xml", (BWB / f"{pw}_{d}_0.xml").read_bytes())
    wzt = "BWBR0018451"
    zet(root, f"bwb/{wzt}/manifest.xml", manifest(wzt, [("2025-01-01", 0, "9999-12-31")]))
    zet(root, f"bwb/{wzt}/2025-01-01_0/xml/{wzt}_2025-01-01_0.xml", (BWB / f"{wzt}_2025-01-01_0.xml").read_bytes())
    zet(root, f"bwb/{wzt}/{wzt}.WTI", (BWB / f"{wzt}.WTI.xml").read_bytes())
    # broken cases
    zet(root, "bwb/BWBR0000002/manifest.xml", "<work label='BWBR0000002'><expression label=")
    zet(root, "bwb/BWBR0000003/manifest.xml", manifest("BWBR0000003", [("2020-01-01", 0, "9999-12-31")]))
    zet(root, "bwb/BWBR0000003/2020-01-01_0/xml/BWBR0000003_2020-01-01_0.xml",
        "<?xml version='1.0'?><html><body>Onderhoud</body></html>")
    zet(root, "bwb/BWBR0000004/manifest.xml", manifest("BWBR0000004", [("2020-01-01", 0, "9999-12-31")]))
    zet(root, "bwb/BWBR0000004/2020-01-01_0/xml/BWBR0000004_2020-01-01_0.xml", "<toestand bwb-id='BWBR0000004'")

    handler = functools.partial(_StilleHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _StilleHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def cfg(tmp_path: Path) -> Config:
    return Config(source_root=tmp_path / "bron")


def test_fetches_version_valid_on_date(repository, tmp_path):
    uit = tmp_path / "regels"
    r, gekozen = haal("BWBR0015703", datum="2025-06-30", repository=repository, uit=uit, config=cfg(tmp_path),
                      voortgang=False)
    assert gekozen == Expressie("2024-01-01", 0, "2025-12-31")
    assert r.datum == "2024-01-01" and r.pad == uit / "BWBR0015703.ttl"
    r, gekozen = haal("BWBR0015703", datum="2026-03-01", repository=repository, uit=uit, config=cfg(tmp_path),
                      voortgang=False)
    assert gekozen.datum == "2026-01-01"
    assert r.vorige == "2024-01-01"
    assert {"7a", "43a", "78ff"} <= set(r.verschil.toegevoegd)
    assert r.toestanden == ["2024-01-01", "2026-01-01"]


def test_fetches_wti_too(repository, tmp_path):
    r, _ = haal("BWBR0018451", datum="2025-06-01", repository=repository, met_wti=True, uit=tmp_path,
                config=cfg(tmp_path), voortgang=False)
    tekst = (tmp_path / "BWBR0018451.ttl").read_text(encoding="utf-8")
    assert 'kb:afkorting "Wzt"' in tekst
    assert "tooi/id/ministerie/mnre1025" in tekst


@pytest.mark.parametrize(
    "bwb_id, datum, melding",
    [
        ("BWBR0099999", "2025-01-01", "regeling BWBR0099999 is niet gevonden in de repository"),
        ("BWBR0000002", "2025-01-01", "manifest van BWBR0000002 is geen geldige XML"),
        ("BWBR0000003", "2025-01-01", "geen BWB-toestand"),
        ("BWBR0000004", "2025-01-01", "geen geldige XML"),
        ("BWBR0015703", "2010-01-01", "Op 2010-01-01 was BWBR0015703 nog niet in werking"),
        ("ABC", "2025-01-01", "geen geldig BWB-id"),
        ("BWBR0015703", "1-1-2025", "De datum '1-1-2025' is ongeldig"),
    ],
)
def test_errors_are_dutch_and_write_nothing(repository, tmp_path, bwb_id, datum, melding):
    uit = tmp_path / "regels"
    with pytest.raises(KennisbankFout, match=melding):
        haal(bwb_id, datum=datum, repository=repository, uit=uit, config=cfg(tmp_path), voortgang=False)
    assert not uit.exists() or not any(uit.iterdir())


def test_network_error_changes_nothing(repository, tmp_path):
    uit = tmp_path / "regels"
    haal("BWBR0018451", datum="2025-06-01", repository=repository, uit=uit, config=cfg(tmp_path), voortgang=False)
    voor = (uit / "BWBR0018451.ttl").read_bytes()
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dicht = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(KennisbankFout, match="niet bereikbaar"):
        haal("BWBR0018451", datum="2025-06-01", repository=dicht, uit=uit, config=cfg(tmp_path), voortgang=False)
    assert (uit / "BWBR0018451.ttl").read_bytes() == voor
    assert sorted(p.name for p in uit.iterdir()) == ["BWBR0018451.ttl"]


def test_manifest_parser_is_lenient():
    ns = ('<w:work xmlns:w="urn:x" label="BWBR0000001"><w:expression label="2019-07-01_1"/>'
          '<w:expression label="2019-07-01_0"/><w:expression label="2021-01-01_0"><w:metadata>'
          '<w:datum_inwerkingtreding>2021-01-01</w:datum_inwerkingtreding></w:metadata></w:expression></w:work>')
    versies = lees_manifest(ns.encode(), "BWBR0000001")
    assert [v.label for v in versies] == ["2019-07-01_0", "2019-07-01_1", "2021-01-01_0"]
    assert kies_versie(versies, "2020-05-05", "BWBR0000001").label == "2019-07-01_1"
    with pytest.raises(KennisbankFout, match="hoort bij BWBR0000001"):
        lees_manifest(ns.encode(), "BWBR0000009")


def test_cli(repository, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KENNISBANK_BRON", str(tmp_path / "bron"))
    uit = str(tmp_path / "regels")
    code = main(["regels", "haal", "bwbr0018451", "--datum", "2025-02-01", "--repository", repository, "--uit", uit])
    assert code == 0
    out = capsys.readouterr().out
    assert "Opgehaald: BWBR0018451 versie 2025-01-01_0" in out
    assert "Wet op de zorgtoeslag (BWBR0018451)" in out
    code = main(["regels", "haal", "BWBR0099999", "--repository", repository, "--uit", uit])
    assert code == 1
    assert capsys.readouterr().err.startswith("Fout: De regeling BWBR0099999 is niet gevonden")
