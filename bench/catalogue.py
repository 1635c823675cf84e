"""A province-size catalogue: import time, PWA search latency, USSD inputs and hop cost.

Usage: python bench/catalogue.py [--units 500] [--services 2000] [--villages 50000]
Generates one catalogue document (docs/catalogue-format.md) with that many
units, services and desa rows, imports it into a fresh SQLite file and, when
DATABASE_URL names a PostgreSQL server, into a scratch schema there; then
times searches and walks the USSD complaint journey to the unit that needs
the most inputs. Prints figures; asserts nothing.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from urllib.parse import quote

from sqlalchemy import text as sql

from core.catalogue.exchange.transfer import import_catalogue
from core.catalogue.search.services import search_services
from core.catalogue.standards import COMPONENT_KEYS
from core.db import make_engine, make_session_factory
from core.migrate import upgrade_database
from core.sessions.store import DatabaseSessionStore
from ussd.engine import answer_hop

# Words of real service names, so the index holds a realistic vocabulary.
SUBJECTS = ("imunisasi", "akta kelahiran", "akta kematian", "KTP-el", "kartu keluarga",
            "surat keterangan sehat", "pemeriksaan kehamilan", "keluarga berencana",
            "izin praktik bidan", "izin apotek", "persetujuan bangunan gedung",
            "nomor induk berusaha", "rujukan", "rawat jalan", "laboratorium",
            "pendaftaran JKN", "surat keterangan tidak mampu", "bantuan sosial",
            "legalisir ijazah", "izin reklame", "pindah datang", "kartu identitas anak",
            "pemeriksaan gigi", "layanan lansia", "izin usaha perikanan")
KINDS = ("Pelayanan", "Penerbitan", "Pendaftaran", "Perpanjangan", "Perubahan",
         "Legalisasi", "Pendampingan", "Rekomendasi")
QUERIES = ("akta lahir", "vaksin", "surat sehat", "imunisai", "ktp hilang", "izin apotik",
           "bidan", "kartu keluarga baru", "rujukan rumah sakit", "bantuan", "zzzz qqq")
SYLLABLES = ("ka", "li", "ra", "su", "ma", "ne", "po", "ta", "gi", "lo", "be", "du")
CATEGORIES = ("kesehatan", "administrasi_kependudukan", "perizinan", "sosial", "pendidikan")
SEARCHES = 400
MAX_INPUTS = 400


def place_name(index: int) -> str:
    """A distinct, pronounceable kecamatan name (1,728 of them), so names can be typed."""
    parts = (SYLLABLES[index % 12], SYLLABLES[index // 12 % 12], SYLLABLES[index // 144 % 12])
    return "".join(parts).title() + "an"


def regions(villages: int) -> list[dict]:
    """One province: 38 kabupaten, 16 kecamatan each, the villages spread over them."""
    rows, kecamatan = [], []
    for kab in range(1, 39):
        rows.append({"code": f"35.{kab:02d}", "name": f"Kabupaten {kab}", "level": "kabupaten"})
        for kec in range(1, 17):
            code = f"35.{kab:02d}.{kec:02d}"
            kecamatan.append(code)
            rows.append({"code": code, "name": place_name(len(kecamatan)), "level": "kecamatan"})
    for index in range(villages):
        parent = kecamatan[index % len(kecamatan)]
        rows.append({"code": f"{parent}.{2001 + index // len(kecamatan)}",
                     "name": f"Desa {index}", "level": "desa"})
    return rows


def document(units: int, services: int, villages: int) -> dict:
    """The whole catalogue, deterministic for a given size."""
    rng = random.Random(13)
    region_rows = regions(villages)
    kecamatan = [row["code"] for row in region_rows if row["level"] == "kecamatan"]
    unit_rows = [{
        "slug": f"unit-{i}", "agency": f"agency-{i % 40}", "name": f"Unit Layanan {i}",
        "kind": "puskesmas" if i % 3 == 0 else "kantor", "region": "Bench",
        "kecamatan": kecamatan[i % len(kecamatan)], "service_population": 1000 + i,
    } for i in range(units)]
    service_rows = []
    for i in range(services):
        subject = rng.choice(SUBJECTS)
        name = f"{rng.choice(KINDS)} {subject} {i}"
        own = rng.randrange(units)
        standard = {key: {"id": f"Teks {key} untuk {subject}.", "en": f"{key} text."}
                    for key in COMPONENT_KEYS}
        for key in ("persyaratan", "prosedur"):
            standard[key] = {"id": [f"Langkah {n} {subject}" for n in range(1, 5)],
                             "en": [f"Step {n}" for n in range(1, 5)]}
        service_rows.append({
            "code": f"S{i}", "unit": f"unit-{own}", "category": CATEGORIES[i % len(CATEGORIES)],
            "offered_at": sorted({f"unit-{own}", f"unit-{rng.randrange(units)}"}),
            "menu_order": i // len(CATEGORIES) + 1,
            "name": {"id": name, "en": name}, "short_name": {"id": f"Layanan {i}", "en": ""},
            "keywords": [subject.split()[0]], "time_days": 1 + i % 14, "cost_rupiah": 0,
            "effective_from": "2026-01-05", "standard": standard,
        })
    return {
        "format": "layanan-paralel/catalogue", "version": 1, "regions": region_rows,
        "agencies": [{"slug": f"agency-{i}", "name": f"Dinas {i}", "region": "Bench"}
                     for i in range(40)],
        "units": unit_rows, "services": service_rows,
    }


def timed_import(url: str, catalogue: dict) -> float:
    """Seconds to import the document into an empty, freshly migrated database."""
    upgrade_database(url)
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        started = time.perf_counter()
        report = import_catalogue(session, catalogue)
        session.commit()
        elapsed = time.perf_counter() - started
    if report.problems:
        raise SystemExit(f"import refused: {report.problem_lines('en')[:5]}")
    return elapsed


def search_figures(url: str) -> tuple[float, float]:
    """p50 and p99 of search_services over the query mix, in milliseconds."""
    factory = make_session_factory(make_engine(url))
    times = []
    with factory() as session:
        search_services(session, "warm up", language="id")
        for index in range(SEARCHES):
            started = time.perf_counter()
            search_services(session, QUERIES[index % len(QUERIES)], language="id")
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def deepest_unit(url: str, typed: str | None = None) -> tuple[int, float]:
    """Inputs to the unit furthest down the survey's unit choice; ms per hop.

    From the main menu "4" (rate a unit), then `typed` (the first letters of
    a kecamatan) if given, then on every list page "98" until the last page
    and its last item, until the first question shows.
    """
    factory = make_session_factory(make_engine(url))
    store, cache, hops = DatabaseSessionStore(), {}, []
    inputs, session_id = ["4", *([typed] if typed else [])], f"bench-{typed}"
    with factory() as session:
        for _ in range(MAX_INPUTS):
            started = time.perf_counter()
            reply = answer_hop(session, session_id=session_id, phone="+6281200000001",
                               text="*".join(inputs), ussd_code="*123#", store=store,
                               catalogue_cache=cache)
            session.commit()
            hops.append((time.perf_counter() - started) * 1000)
            if reply.end or reply.text.startswith("SKM"):
                break
            inputs.append("98" if "\n98 " in reply.text else _last_option(reply.text))
    return len(inputs), statistics.median(hops)


def _last_option(screen: str) -> str:
    numbers = [line.split(" ", 1)[0] for line in screen.splitlines()[1:]]
    return [n for n in numbers if len(n) == 1 and n in "123456789"][-1]


def run(label: str, url: str, catalogue: dict) -> None:
    seconds = timed_import(url, catalogue)
    p50, p99 = search_figures(url)
    inputs, hop_ms = deepest_unit(url)
    last_kecamatan = catalogue["units"][-1]["kecamatan"]
    name = next(row["name"] for row in catalogue["regions"] if row["code"] == last_kecamatan)
    typed, _ = deepest_unit(url, typed=name[:6])
    print(f"{label}: import {seconds:.1f} s; search p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
          f"USSD: deepest unit {inputs} inputs by digits only, the last unit {typed} inputs "
          f"typing its kecamatan's first letters; hop median {hop_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--villages", type=int, default=50_000)
    args = parser.parse_args()
    catalogue = document(args.units, args.services, args.villages)
    print(f"catalogue: {args.units} units, {args.services} services, "
          f"{len(catalogue['regions'])} region rows")
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.db", catalogue)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgresql"):
        schema = "bench_catalogue"
        admin = make_engine(server)
        with admin.begin() as connection:
            connection.execute(sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(sql(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in server else "?"
        run("PostgreSQL", f"{server}{separator}options={quote('-csearch_path=' + schema)}",
            catalogue)
        with admin.begin() as connection:
            connection.execute(sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
