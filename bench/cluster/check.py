"""Checks of bench/faults.sh, each printing one JSON object.

    python bench/cluster/check.py outbox DATABASE_URL FAKE_URL
        every message's fate: rows by status, messages the fake gateway took more
        than once (same phone and text more often than the outbox has sent rows)
    python bench/cluster/check.py order DATABASE_URL FAKE_URL PHONE_PREFIX
        per phone, whether the gateway received the messages in the outbox's order
    python bench/cluster/check.py stored DATABASE_URL FILE...
        of the inbound ids answered 200 (one per line in the files), how many
        are not in inbound_messages
    python bench/cluster/check.py after NGINX_LOG EPOCH PATH_PREFIX
        5xx answers nginx logged on that path at or after EPOCH, and before it
"""

import json
import sys
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path

import psycopg


def _fake(fake_url: str) -> dict:
    with urllib.request.urlopen(f"{fake_url}/stats", timeout=10) as answer:  # noqa: S310 (local)
        return json.load(answer)


def outbox(database_url: str, fake_url: str) -> dict:
    """Rows by status, and duplicates at the gateway."""
    with psycopg.connect(database_url) as connection:
        statuses = dict(connection.execute(
            "SELECT status, count(*) FROM outbound_messages GROUP BY status").fetchall())
        sent = Counter(connection.execute(
            "SELECT phone, text FROM outbound_messages WHERE status IN ('sent', 'delivered')"
        ).fetchall())
    accepted = Counter((to, text) for to, text, _ in _fake(fake_url)["accepted"])
    duplicates = sum(max(0, count - sent[key]) for key, count in accepted.items())
    never = sum(max(0, count - accepted[key]) for key, count in sent.items())
    return {"statuses": statuses, "accepted": sum(accepted.values()),
            "duplicates": duplicates, "sent_but_not_at_gateway": never}


def order(database_url: str, fake_url: str, prefix: str) -> dict:
    """Phones whose messages reached the gateway out of the outbox's order."""
    with psycopg.connect(database_url) as connection:
        ids = dict(connection.execute(
            "SELECT gateway_message_id, id FROM outbound_messages "
            "WHERE phone LIKE %s AND gateway_message_id IS NOT NULL", (prefix + "%",)).fetchall())
    arrivals: dict[str, list[int]] = {}
    for to, _text, message_id in _fake(fake_url)["accepted"]:
        if to.startswith(prefix) and message_id in ids:
            arrivals.setdefault(to, []).append(ids[message_id])
    disordered = {phone: seq for phone, seq in arrivals.items() if seq != sorted(seq)}
    return {"phones": len(arrivals), "messages": sum(map(len, arrivals.values())),
            "out_of_order_phones": len(disordered),
            "examples": dict(list(disordered.items())[:3])}


def stored(database_url: str, *files: str) -> dict:
    """Inbound ids answered 200 that the database does not hold."""
    answered = {line.strip() for name in files for line in Path(name).read_text().split()}
    with psycopg.connect(database_url) as connection:
        held = {row[0] for row in connection.execute(
            "SELECT gateway_message_id FROM inbound_messages "
            "WHERE gateway_message_id LIKE 'ATPid_cluster_%'").fetchall()}
    missing = answered - held
    return {"answered_200": len(answered), "missing": len(missing),
            "examples": sorted(missing)[:3]}


def after(log: str, epoch: str, prefix: str) -> dict:
    """5xx answers on the path in nginx's combined log, at or after the moment and before."""
    moment, late, early = float(epoch), 0, 0
    for line in Path(log).read_text().splitlines():
        try:
            stamp = line.split("[", 1)[1].split("]", 1)[0]
            request, status = line.split('"')[1], line.split('"')[2].split()[0]
        except IndexError:
            continue
        if not request.split(" ")[1:2] or not request.split(" ")[1].startswith(prefix):
            continue
        if status.startswith("5"):
            when = datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").timestamp()
            late, early = (late + 1, early) if when >= moment else (late, early + 1)
    return {"5xx_after": late, "5xx_before": early}


if __name__ == "__main__":
    command = {"outbox": outbox, "order": order, "stored": stored, "after": after}[sys.argv[1]]
    print(json.dumps(command(*sys.argv[2:])))
