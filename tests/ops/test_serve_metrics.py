"""`layanan serve --workers 2`: the workers' counts summed in one scrape, one log line a request."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.servers import free_port, get_when_up

REQUESTS = 40


def _healthz_total(body: bytes) -> float:
    return sum(sample.value for family in text_string_to_metric_families(body.decode())
               for sample in family.samples
               if sample.name == "layanan_http_requests_total"
               and sample.labels["route"] == "/healthz")


def _served(log_path: Path) -> list[dict]:
    lines = [json.loads(line) for line in log_path.read_text().splitlines()
             if line.startswith("{")]
    return [line for line in lines if line.get("route") == "/healthz"]


def _until_both_workers_served(base: str, log_path: Path) -> None:
    """Requests side by side until both sync workers have answered some (a busy machine may
    boot the second worker late), at most ten rounds."""
    for _ in range(10):
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: get_when_up(f"{base}/healthz"), range(REQUESTS - 1)))
        if len({line["pid"] for line in _served(log_path)}) == 2:
            return


def test_serve_sums_the_metrics_of_every_worker(tmp_path):
    """Requests served by both workers all show in one scrape; a past run's stale file is gone."""
    port, metrics_dir = free_port(), tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_1.db").write_bytes(b"left by a previous run")
    env = os.environ | {"LAYANAN_DEMO": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
                        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    layanan = str(Path(sys.executable).with_name("layanan"))
    subprocess.run([layanan, "db", "upgrade"], env=env, check=True, capture_output=True)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([layanan, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        get_when_up(f"{base}/healthz")
        _until_both_workers_served(base, tmp_path / "serve.log")
        scraped = get_when_up(f"{base}/metrics")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    # At least: a request the client gave up on (2 s) and sent again is counted twice.
    counted = _healthz_total(scraped)
    assert counted >= REQUESTS
    assert not (metrics_dir / "counter_1.db").exists()
    served = _served(tmp_path / "serve.log")
    # One line a request (gunicorn's access log is off), from both workers.
    assert len(served) == counted
    assert len({line["pid"] for line in served}) == 2
    assert len(list(metrics_dir.glob("counter_*.db"))) == 2
