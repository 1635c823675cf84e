"""Figures of a cluster run: CPU time of process trees, wrk's reports, the outbox after.

    python bench/cluster/report.py cpu PID...      # CPU seconds of the trees, one number
    python bench/cluster/report.py machine         # busy CPU seconds of the whole machine
    python bench/cluster/report.py wrk FILE        # one wrk report's figures as JSON
    python bench/cluster/report.py summary WORK SECONDS APP_CPU MACHINE_CPU DATABASE_URL FAKE_URL \
        BENCH_CPU
"""

import json
import os
import re
import sys
import urllib.request
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
KINDS = ("ussd", "sms", "pwa", "staff")
LABELS = {"ussd": "USSD", "sms": "SMS", "pwa": "PWA", "staff": "back office"}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces: the fields start after its closing ')'.
    return text[text.rindex(")") + 2:].split()


def tree_cpu(roots: list[str]) -> float:
    """utime+stime (and that of reaped children) of the roots and every descendant."""
    children: dict[str, list[str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(entry)):
            children.setdefault(fields[1], []).append(entry)
    total, todo, seen = 0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or not (fields := _stat(pid)):
            continue
        seen.add(pid)
        total += sum(int(value) for value in fields[11:15])
        todo.extend(children.get(pid, []))
    return total / TICK


def machine_cpu() -> float:
    """Busy CPU seconds of the machine since boot (all but idle and iowait)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICK


def _latency(report: str, percent: int) -> float:
    match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", report, re.M)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def wrk_figures(path: Path) -> dict:
    """Requests, p50, p99, non-2xx/3xx, socket errors and bad replies of one wrk report."""
    report = path.read_text()
    requests = re.search(r"(\d+) requests in", report)
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        report)
    bad = re.search(r"Bad replies: (\d+)", report)
    trouble = re.search(r"Trouble replies: (\d+)", report)
    return {"requests": int(requests.group(1)) if requests else 0,
            "p50": _latency(report, 50), "p99": _latency(report, 99),
            "non_ok": int(non_ok.group(1)) if non_ok else 0,
            "sockets": sum(int(n) for n in sockets.groups()) if sockets else 0,
            "bad": int(bad.group(1)) if bad else 0,
            "trouble": int(trouble.group(1)) if trouble else 0}


def outbox_state(database_url: str) -> dict[str, int]:
    """Outbound messages by status."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM outbound_messages GROUP BY status").fetchall()
    return dict(rows)


def summary(work: str, seconds: str, app_cpu: str, machine: str, database_url: str,
            fake_url: str, own: str = "nan") -> None:
    """Print the per-kind table, the CPU figures and the outbox state; JSON in WORK."""
    duration = float(seconds)
    runs = {kind: wrk_figures(Path(work) / f"wrk-{kind}.txt") for kind in KINDS
            if (Path(work) / f"wrk-{kind}.txt").exists()}
    total = sum(run["requests"] for run in runs.values()) or 1
    print(f"\n{'kind':<12}{'req/s':>9}{'share':>8}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'non-2xx/3xx':>13}{'socket err':>12}{'bad':>6}")
    for kind, run in runs.items():
        print(f"{LABELS[kind]:<12}{run['requests'] / duration:>9.1f}"
              f"{100 * run['requests'] / total:>7.1f}%{run['p50']:>9.2f}{run['p99']:>9.2f}"
              f"{run['non_ok']:>13}{run['sockets']:>12}{run['bad']:>6}")
    print(f"{'all':<12}{total / duration:>9.1f}")
    cores, busy = float(app_cpu) / duration, float(machine) / duration
    hops = runs.get("ussd", {}).get("requests", 0) / duration
    print(f"\napp instances' CPU: {cores:.2f} cores on average; the whole bench (nginx, "
          f"PostgreSQL's backends, wrk, workers...): {float(own) / duration:.2f}; machine busy: "
          f"{busy:.2f} of {os.cpu_count()} cores (the rest is other work on the machine)")
    print(f"USSD hops/s per app core: {hops / cores:.0f}   all requests/s per app core: "
          f"{total / duration / cores:.0f}" if cores else "no app CPU time measured")
    with urllib.request.urlopen(f"{fake_url}/stats", timeout=10) as answer:  # noqa: S310 (local)
        fake = json.load(answer)
    outbox = outbox_state(database_url)
    print(f"outbox after: {outbox}; fake gateway: {len(fake['accepted'])} accepted of "
          f"{fake['requests']} requests")
    figures = {"duration": duration, "kinds": runs, "app_cores": cores, "machine_cores": busy,
               "bench_cores": float(own) / duration,
               "hops_per_core": hops / cores if cores else None, "outbox": outbox,
               "gateway_accepted": len(fake["accepted"])}
    (Path(work) / "figures.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "cpu":
        print(f"{tree_cpu(arguments):.2f}")
    elif command == "wrk":
        print(json.dumps(wrk_figures(Path(arguments[0]))))
    elif command == "machine":
        print(f"{machine_cpu():.2f}")
    else:
        summary(*arguments)
